using Shop.Core.Fulfillment;

namespace Shop.Core.Tests.Checkout;

public sealed class FulfillmentLocationsTests
{
    private readonly FulfillmentLocations _locations = FulfillmentLocations.Default;

    [Theory]
    [InlineData("DE", "fc-berlin")]
    [InlineData("FR", "fc-lyon")]
    [InlineData("pl", "fc-warsaw")]
    public void ShipsFromTheDestinationsCountry_WhenAWarehouseIsThere(string country, string expected) =>
        Assert.Equal(expected, _locations.PickFor(country).Id);

    [Theory]
    [InlineData("AT", "fc-berlin")]
    [InlineData("US", "fc-berlin")]
    [InlineData("ZZ", "fc-berlin")]
    public void ShipsFromAWarehouseServingTheZone_WhenNoneIsInTheCountry(string country, string expected) =>
        Assert.Equal(expected, _locations.PickFor(country).Id);

    [Fact]
    public void PrefersTheFirstListedServingTheZone_WhenSeveralServeIt()
    {
        var locations = new FulfillmentLocations(
            [new FulfillmentLocation("fc-lyon", "FR", ["eu"]), new FulfillmentLocation("fc-berlin", "DE", ["domestic", "eu", "world"])],
            Shop.Core.Pricing.ShippingRates.Default);

        Assert.Equal("fc-lyon", locations.PickFor("IT").Id);
        Assert.Equal("fc-berlin", locations.PickFor("US").Id);
    }
}
