using Shop.Core.Catalog;

namespace Shop.Core.Tests.Builders;

public sealed class CategoryBuilder
{
    private string _id = "electronics";
    private string _name = "Electronics";
    private string? _parentId;
    private int _position;

    public static CategoryBuilder ACategory(string id) => new CategoryBuilder().WithId(id);

    public CategoryBuilder WithId(string id)
    {
        _id = id;
        _name = char.ToUpperInvariant(id[0]) + id[1..];
        return this;
    }

    public CategoryBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public CategoryBuilder Under(string parentId)
    {
        _parentId = parentId;
        return this;
    }

    public CategoryBuilder At(int position)
    {
        _position = position;
        return this;
    }

    public Category Build() => new(_id, _name, _parentId, _parentId is null ? $"/{_id}" : $"/{_parentId}/{_id}", _position);
}
