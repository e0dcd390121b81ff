using System.Text;

namespace Shop.Core.Tests.Builders;

/// <summary>A catalog CSV as a seller would write it: the DESIGN §8 header and rows added one at a time.</summary>
public sealed class CatalogFileBuilder
{
    public const string Header = "sku,name,price,currency,stock,category,product_id,brand,option1_name,option1_value";
    private readonly StringBuilder _text = new(Header + "\r\n");

    public static CatalogFileBuilder ACatalogFile() => new();

    public CatalogFileBuilder WithRow(string sku, string name = "Desk lamp", string price = "19.99", string currency = "EUR", string stock = "5",
        string category = "lighting", string productId = "", string brand = "Lumen", string option = "", string value = "")
    {
        _text.Append(string.Join(',', sku, name, price, currency, stock, category, productId, brand, option, value)).Append("\r\n");
        return this;
    }

    public CatalogFileBuilder WithLine(string line)
    {
        _text.Append(line).Append("\r\n");
        return this;
    }

    public byte[] Build() => Encoding.UTF8.GetBytes(_text.ToString());

    public MemoryStream Open() => new(Build());
}
