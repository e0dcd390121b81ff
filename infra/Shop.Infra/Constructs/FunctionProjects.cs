namespace Shop.Infra.Constructs;

/// <summary>
/// The function projects under functions/ that become Lambda code; the name is also the AOT
/// executable's and the <c>Shop:Project</c> metadata value the local environment reads.
/// </summary>
public static class FunctionProjects
{
    public const string Api = "Shop.Api";
    public const string Workers = "Shop.Workers";
}
