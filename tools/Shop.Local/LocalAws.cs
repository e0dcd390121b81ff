namespace Shop.Local;

/// <summary>The fixed identity of the local AWS: LocalStack's conventions, dummy credentials.</summary>
public static class LocalAws
{
    public const string AccountId = "000000000000";
    public const string Region = "us-east-1";
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";

    public static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{AccountId}:function:{name}";
}
