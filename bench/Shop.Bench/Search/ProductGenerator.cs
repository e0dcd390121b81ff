using System.Text;
using System.Text.Json.Serialization;
using Shop.Core.Search;

namespace Shop.Bench.Search;

/// <summary>A category of the generated catalog; leaves hold products, roots hold leaves.</summary>
internal sealed record GeneratedCategory(string Id, string Name, string? ParentId);

/// <summary>
/// A catalog of search documents that reads like a marketplace's: 50 leaf categories under 10
/// roots, 300 brands used with a Zipf-like skew (a few brands hold much of each department),
/// names made of adjectives, a product noun of the leaf and a model word ("Ultralight Trail
/// Running Shoe X2"), 20-40 word descriptions, 3-6 attributes, log-normal prices, ratings on
/// about 70% of products, about 85% in stock, 2,000 sellers and three years of creation dates.
/// Every value comes from one <see cref="Random"/> seeded once, read in document order: the same
/// seed gives the same documents, whatever the count asked for (a shorter run is a prefix).
/// </summary>
internal sealed class ProductGenerator
{
    public const int DefaultSeed = 20261123;

    private const int SellerCount = 2_000;
    private const double VariantShare = 0.35;
    private const double RatedShare = 0.70;
    private const double InStockShare = 0.85;
    private const double OwnBrandShare = 0.90;
    private const string Currency = "EUR";

    /// <summary>The newest creation date; products were created over the three years before it.</summary>
    private static readonly DateTimeOffset Newest = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CreatedOver = TimeSpan.FromDays(3 * 365);

    private readonly Random _random;
    private readonly Department[] _departments;
    private readonly string[] _brands;
    private readonly Zipf _anyBrand;
    private readonly string[] _sellers;
    private readonly Zipf _seller = new(SellerCount, exponent: 0.6);

    public ProductGenerator(int seed = DefaultSeed)
    {
        _random = new Random(seed);
        _brands = Catalog.Brands();
        // Which brand is big is part of the catalog, so it is drawn from the same seed.
        _random.Shuffle(_brands);
        _anyBrand = new Zipf(_brands.Length, exponent: 1.0);
        _departments = Catalog.Departments
            .Select((d, i) => new Department(d, _brands.Where((_, b) => b % Catalog.Departments.Length == i).ToArray()))
            .ToArray();
        _sellers = Enumerable.Range(0, SellerCount).Select(_ => "s-" + RandomHex()).ToArray();
        Categories = Catalog.Departments
            .SelectMany(d => d.Leaves.Select(l => new GeneratedCategory(Slug(l.Name), l.Name, Slug(d.Name)))
                .Prepend(new GeneratedCategory(Slug(d.Name), d.Name, null)))
            .ToList();
    }

    /// <summary>Every category, each root before its leaves.</summary>
    public IReadOnlyList<GeneratedCategory> Categories { get; }

    /// <summary>The category and every category under it, as the search use case resolves a subtree.</summary>
    public IReadOnlyList<string> Subtree(string categoryId) =>
        Categories.Where(c => c.Id == categoryId || c.ParentId == categoryId).Select(c => c.Id).ToList();

    /// <summary>The root above a leaf (a root is its own).</summary>
    public string RootOf(string categoryId) =>
        Categories.First(c => c.Id == categoryId) is { ParentId: { } parent } ? parent : categoryId;

    public ProductDocument Next()
    {
        var department = _departments[_random.Next(_departments.Length)];
        var leaf = department.Source.Leaves[_random.Next(department.Source.Leaves.Length)];
        var brand = _random.NextDouble() < OwnBrandShare
            ? department.Brands[department.Brand.Next(_random)]
            : _brands[_anyBrand.Next(_random)];
        var noun = Pick(leaf.Nouns);
        var adjective = _random.NextDouble() < 0.6 ? Pick(department.Source.Adjectives) : Pick(Catalog.Adjectives);
        var name = new StringBuilder(adjective);
        if (_random.NextDouble() < 0.4 && Pick(Catalog.Adjectives) is var second && second != adjective)
        {
            name.Append(' ').Append(second);
        }
        name.Append(' ').Append(noun);
        if (_random.NextDouble() < 0.7)
        {
            name.Append(' ').Append(Pick(Catalog.Models));
        }

        var attributes = Attributes(department.Source);
        var minPrice = Price(department.Source.MedianPrice * Math.Exp(0.9 * Normal()));
        var maxPrice = _random.NextDouble() < VariantShare ? Math.Max(minPrice, Price(minPrice * (1.1 + 0.5 * _random.NextDouble()))) : minPrice;
        var rated = _random.NextDouble() < RatedShare;
        var rating = rated ? Math.Round(Math.Clamp(4.1 + 0.55 * Normal(), 1, 5), 1) : (double?)null;
        var ratingCount = rated ? (int)Math.Exp(_random.NextDouble() * Math.Log(3_000)) : 0;
        var inStock = _random.NextDouble() < InStockShare;
        var seller = _sellers[_seller.Next(_random)];
        // Square root: the catalog grew, so recent products are more common than old ones.
        var createdAt = Newest - CreatedOver * (1 - Math.Sqrt(_random.NextDouble()));
        var id = "p-" + RandomHex();
        var version = 1 + _random.Next(6);
        var description = Description(brand, adjective, noun, department.Source, attributes);
        var image = _random.NextDouble() < 0.9 ? $"products/{id}/main.jpg" : null;

        return new ProductDocument(id, version, name.ToString(), brand, description, Slug(leaf.Name),
            [department.Source.Name, leaf.Name], attributes, minPrice, maxPrice, Currency, rating, ratingCount, inStock, seller,
            new DateTimeOffset(createdAt.Ticks - createdAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero), image);
    }

    private Dictionary<string, string> Attributes(DepartmentSource department)
    {
        var count = 3 + _random.Next(4);
        var keys = department.AttributeKeys.ToArray();
        _random.Shuffle(keys);
        return keys.Take(count).ToDictionary(key => key, key => Pick(Catalog.AttributeValues[key]), StringComparer.Ordinal);
    }

    private string Description(string brand, string adjective, string noun, DepartmentSource department, Dictionary<string, string> attributes)
    {
        var target = 20 + _random.Next(21);
        var (firstKey, firstValue) = attributes.First();
        string[] sentences =
        [
            $"The {adjective.ToLowerInvariant()} {noun.ToLowerInvariant()} from {brand} is made for {Pick(department.Uses)}.",
            $"Its {firstKey} is {firstValue}, and it comes with a {Pick(Catalog.Warranties)} warranty.",
            $"Customers choose it for its {Pick(Catalog.Qualities)} and {Pick(Catalog.Qualities)}.",
            $"Ideal for {Pick(department.Uses)} or {Pick(department.Uses)}, at home or on the go.",
            $"Designed in {Pick(Catalog.Places)} and tested for {Pick(Catalog.Qualities)} before it ships.",
            $"Pairs well with other {department.Name.ToLowerInvariant()} products from {brand}.",
            $"Every order ships in {Pick(Catalog.Packaging)} packaging with free returns.",
        ];
        _random.Shuffle(sentences.AsSpan(1));
        var text = new StringBuilder();
        var words = 0;
        foreach (var sentence in sentences)
        {
            var length = sentence.Count(c => c == ' ') + 1;
            if (words >= target || words + length > 40)
            {
                break;
            }
            text.Append(words == 0 ? "" : " ").Append(sentence);
            words += length;
        }
        return text.ToString();
    }

    /// <summary>A price in minor units ending in 99, from 199 to 499,999.</summary>
    private static long Price(double raw) => (long)Math.Round(Math.Clamp(raw, 200, 500_000) / 100) * 100 - 1;

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private string RandomHex()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    /// <summary>"Home & Kitchen" is c-home-kitchen.</summary>
    private static string Slug(string name) =>
        "c-" + string.Join('-', name.ToLowerInvariant().Split([' ', '&', '-'], StringSplitOptions.RemoveEmptyEntries));

    private sealed class Department(DepartmentSource source, string[] brands)
    {
        public DepartmentSource Source { get; } = source;

        /// <summary>The department's own brands, most used first.</summary>
        public string[] Brands { get; } = brands;

        public Zipf Brand { get; } = new(brands.Length, exponent: 1.1);
    }

    /// <summary>Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^exponent.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;

        public Zipf(int count, double exponent)
        {
            _cumulative = new double[count];
            var sum = 0.0;
            for (var rank = 0; rank < count; rank++)
            {
                sum += 1 / Math.Pow(rank + 1, exponent);
                _cumulative[rank] = sum;
            }
            for (var rank = 0; rank < count; rank++)
            {
                _cumulative[rank] /= sum;
            }
        }

        public int Next(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }
}

internal sealed record LeafSource(string Name, string[] Nouns);

internal sealed record DepartmentSource(string Name, double MedianPrice, LeafSource[] Leaves, string[] Adjectives, string[] AttributeKeys, string[] Uses);

/// <summary>The words the generated catalog is made of.</summary>
internal static class Catalog
{
    public static readonly DepartmentSource[] Departments =
    [
        new("Electronics", 25_000,
        [
            new("Smartphones", ["Smartphone", "Phone", "Flip Phone"]),
            new("Laptops", ["Laptop", "Notebook", "Ultrabook", "Chromebook"]),
            new("Headphones", ["Headphones", "Earbuds", "Headset"]),
            new("Cameras", ["Camera", "Action Camera", "Camera Lens", "Tripod"]),
            new("Televisions", ["Television", "Smart TV", "Monitor", "Projector"]),
        ], ["Wireless", "Smart", "Noise Cancelling", "Fast Charging", "4K", "Bluetooth", "Portable"],
        ["color", "connectivity", "battery life", "screen size", "storage", "warranty", "weight"],
        ["streaming", "gaming", "video calls", "travel", "photography", "working from home"]),
        new("Home & Kitchen", 4_000,
        [
            new("Cookware", ["Frying Pan", "Saucepan", "Dutch Oven", "Wok"]),
            new("Small Appliances", ["Blender", "Toaster", "Kettle", "Coffee Maker", "Air Fryer"]),
            new("Lighting", ["Desk Lamp", "Floor Lamp", "Pendant Light", "LED Strip"]),
            new("Bedding", ["Duvet", "Pillow", "Sheet Set", "Mattress Topper"]),
            new("Storage", ["Storage Box", "Shelf", "Basket", "Drawer Organiser"]),
        ], ["Nonstick", "Stainless", "Dimmable", "Cozy", "Stackable", "Ceramic", "Energy Saving"],
        ["color", "material", "capacity", "dimensions", "power", "care", "warranty"],
        ["everyday cooking", "small kitchens", "family dinners", "bedrooms", "reading", "busy mornings"]),
        new("Sports & Outdoors", 6_000,
        [
            new("Running Shoes", ["Running Shoe", "Trail Running Shoe", "Racing Flat"]),
            new("Camping", ["Tent", "Sleeping Bag", "Camp Stove", "Headlamp"]),
            new("Cycling", ["Bike Helmet", "Bike Light", "Saddle", "Cycling Jersey"]),
            new("Fitness", ["Dumbbell", "Yoga Mat", "Kettlebell", "Resistance Band"]),
            new("Climbing", ["Harness", "Carabiner", "Climbing Rope", "Chalk Bag"]),
        ], ["Ultralight", "Waterproof", "Breathable", "Trail", "Reflective", "Cushioned", "Grippy"],
        ["color", "size", "material", "weight", "gender", "waterproofing", "terrain"],
        ["trail running", "marathon training", "weekend hikes", "commuting", "home workouts", "alpine climbs"]),
        new("Fashion", 5_000,
        [
            new("Jackets", ["Jacket", "Parka", "Raincoat", "Bomber Jacket"]),
            new("Dresses", ["Dress", "Maxi Dress", "Wrap Dress"]),
            new("T-Shirts", ["T-Shirt", "Polo Shirt", "Tank Top"]),
            new("Jeans", ["Jeans", "Slim Jeans", "Denim Shorts"]),
            new("Sneakers", ["Sneaker", "High Top Sneaker", "Slip On"]),
        ], ["Organic", "Slim Fit", "Oversized", "Vintage", "Linen", "Stretch", "Quilted"],
        ["color", "size", "material", "fit", "gender", "care", "season"],
        ["the office", "weekends", "festivals", "city walks", "rainy days", "evenings out"]),
        new("Beauty", 2_000,
        [
            new("Skincare", ["Moisturiser", "Serum", "Cleanser", "Sunscreen"]),
            new("Haircare", ["Shampoo", "Conditioner", "Hair Dryer", "Hair Oil"]),
            new("Makeup", ["Lipstick", "Mascara", "Foundation", "Eyeshadow Palette"]),
            new("Fragrance", ["Perfume", "Eau de Toilette", "Body Mist"]),
            new("Shaving", ["Razor", "Beard Trimmer", "Shaving Cream"]),
        ], ["Hydrating", "Vegan", "Fragrance Free", "Matte", "Long Lasting", "Gentle", "Refillable"],
        ["volume", "skin type", "scent", "finish", "ingredients", "gender"],
        ["daily routines", "sensitive skin", "travel", "evenings out", "gifting"]),
        new("Toys & Games", 2_500,
        [
            new("Board Games", ["Board Game", "Card Game", "Strategy Game"]),
            new("Puzzles", ["Jigsaw Puzzle", "3D Puzzle", "Puzzle Cube"]),
            new("Building Sets", ["Building Set", "Construction Kit", "Marble Run"]),
            new("Dolls", ["Doll", "Dollhouse", "Plush Toy"]),
            new("Outdoor Toys", ["Kite", "Water Blaster", "Scooter", "Trampoline"]),
        ], ["Educational", "Colourful", "Wooden", "Magnetic", "Collectible", "Family"],
        ["age", "players", "pieces", "material", "batteries", "dimensions"],
        ["family evenings", "birthdays", "rainy afternoons", "the garden", "early learning"]),
        new("Books & Media", 1_500,
        [
            new("Fiction", ["Novel", "Short Story Collection", "Thriller"]),
            new("Cookbooks", ["Cookbook", "Baking Book", "Recipe Journal"]),
            new("Comics", ["Graphic Novel", "Comic Book", "Manga Volume"]),
            new("Vinyl", ["Vinyl Record", "Box Set", "Picture Disc"]),
            new("Audiobooks", ["Audiobook", "Podcast Series", "Language Course"]),
        ], ["Bestselling", "Illustrated", "Signed", "Remastered", "Unabridged", "Hardcover"],
        ["language", "format", "pages", "genre", "edition", "duration"],
        ["long journeys", "book clubs", "quiet evenings", "gifting", "collectors"]),
        new("Garden & DIY", 8_000,
        [
            new("Power Tools", ["Cordless Drill", "Impact Driver", "Circular Saw", "Angle Grinder"]),
            new("Hand Tools", ["Hammer", "Screwdriver Set", "Spirit Level", "Wrench"]),
            new("Garden Furniture", ["Garden Chair", "Parasol", "Bistro Set", "Hammock"]),
            new("Grills", ["Gas Grill", "Charcoal Grill", "Pizza Oven", "Smoker"]),
            new("Watering", ["Garden Hose", "Sprinkler", "Watering Can", "Rain Barrel"]),
        ], ["Cordless", "Heavy Duty", "Brushless", "Weatherproof", "Foldable", "Professional"],
        ["power", "voltage", "material", "weight", "dimensions", "warranty", "color"],
        ["home renovation", "weekend projects", "balconies", "summer barbecues", "large gardens"]),
        new("Pets", 2_000,
        [
            new("Dog Food", ["Dry Dog Food", "Dog Treats", "Wet Dog Food"]),
            new("Cat Supplies", ["Cat Tree", "Litter Box", "Cat Toy", "Scratching Post"]),
            new("Pet Beds", ["Dog Bed", "Cat Bed", "Pet Blanket"]),
            new("Aquariums", ["Aquarium", "Aquarium Filter", "Fish Food"]),
            new("Leashes", ["Leash", "Harness", "Dog Collar"]),
        ], ["Grain Free", "Orthopedic", "Washable", "Chew Proof", "Natural", "Adjustable"],
        ["size", "flavour", "material", "color", "animal age", "weight"],
        ["puppies", "senior dogs", "indoor cats", "long walks", "small apartments"]),
        new("Baby", 6_000,
        [
            new("Strollers", ["Stroller", "Pram", "Travel System"]),
            new("Car Seats", ["Car Seat", "Booster Seat", "Infant Carrier"]),
            new("Nursery", ["Crib", "Baby Monitor", "Changing Table", "Night Light"]),
            new("Feeding", ["Baby Bottle", "High Chair", "Bottle Warmer", "Bib Set"]),
            new("Baby Clothing", ["Bodysuit", "Sleep Sack", "Baby Hat"]),
        ], ["Lightweight", "Convertible", "Organic", "Hypoallergenic", "Compact", "Soft"],
        ["age", "color", "material", "weight", "safety standard", "care"],
        ["newborns", "travel", "city streets", "night feeds", "growing toddlers"]),
    ];

    public static readonly string[] Adjectives =
    [
        "Classic", "Premium", "Compact", "Essential", "Deluxe", "Modern", "Everyday", "Travel", "Eco", "Mini",
        "Heritage", "Urban", "Nordic", "Sleek", "Rugged", "Signature", "Original", "Advanced", "Minimal", "Studio",
    ];

    public static readonly string[] Models =
    [
        "X2", "Pro", "Max", "Lite", "Plus", "Mini", "Air", "Ultra", "Evo", "One", "Neo", "GT", "S", "2", "3", "500", "700",
        "900", "3000", "Sport", "Touch", "Flex", "Pro 2", "X", "Edge",
    ];

    public static readonly string[] Qualities =
    [
        "durability", "comfort", "value", "design", "performance", "reliability", "style", "precision", "versatility",
        "quiet operation", "easy cleaning", "low weight",
    ];

    public static readonly string[] Warranties = ["one year", "two year", "three year", "five year", "lifetime"];

    public static readonly string[] Places = ["Sweden", "Portugal", "Japan", "Denmark", "Italy", "Germany", "Canada", "Taiwan"];

    public static readonly string[] Packaging = ["recycled", "plastic free", "compact", "gift ready"];

    public static readonly Dictionary<string, string[]> AttributeValues = new(StringComparer.Ordinal)
    {
        ["color"] = ["black", "white", "grey", "navy", "red", "green", "beige", "blue", "pink", "olive"],
        ["connectivity"] = ["bluetooth 5.3", "wifi 6", "usb-c", "nfc", "wired"],
        ["battery life"] = ["8 hours", "12 hours", "24 hours", "30 hours", "2 days"],
        ["screen size"] = ["6.1 inch", "6.7 inch", "13 inch", "15 inch", "55 inch", "65 inch"],
        ["storage"] = ["64 GB", "128 GB", "256 GB", "512 GB", "1 TB"],
        ["warranty"] = ["1 year", "2 years", "3 years", "5 years"],
        ["weight"] = ["150 g", "300 g", "850 g", "1.2 kg", "2.5 kg", "12 kg"],
        ["material"] = ["cotton", "stainless steel", "aluminium", "bamboo", "recycled polyester", "wool", "oak", "cast iron", "silicone"],
        ["capacity"] = ["0.5 l", "1.5 l", "4 l", "20 l", "45 l"],
        ["dimensions"] = ["20 x 20 cm", "40 x 30 cm", "60 x 40 cm", "120 x 60 cm"],
        ["power"] = ["800 W", "1200 W", "2000 W", "18 V", "40 V"],
        ["care"] = ["machine washable", "hand wash", "dishwasher safe", "wipe clean"],
        ["size"] = ["XS", "S", "M", "L", "XL", "EU 38", "EU 42", "EU 44"],
        ["gender"] = ["women", "men", "unisex"],
        ["waterproofing"] = ["10,000 mm", "20,000 mm", "water resistant"],
        ["terrain"] = ["road", "trail", "track", "mixed"],
        ["fit"] = ["slim", "regular", "relaxed", "oversized"],
        ["season"] = ["spring", "summer", "autumn", "winter", "all season"],
        ["volume"] = ["30 ml", "50 ml", "100 ml", "250 ml"],
        ["skin type"] = ["dry", "oily", "combination", "sensitive", "all"],
        ["scent"] = ["citrus", "lavender", "vanilla", "unscented", "woody"],
        ["finish"] = ["matte", "satin", "gloss", "natural"],
        ["ingredients"] = ["hyaluronic acid", "vitamin c", "shea butter", "aloe vera"],
        ["age"] = ["0-6 months", "6-12 months", "3+ years", "8+ years", "12+ years"],
        ["players"] = ["1-4", "2-6", "2-8", "solo"],
        ["pieces"] = ["100", "500", "1000", "2000"],
        ["batteries"] = ["included", "not needed", "AA required"],
        ["language"] = ["English", "German", "French", "Spanish"],
        ["format"] = ["hardcover", "paperback", "LP", "digital"],
        ["pages"] = ["180", "320", "540"],
        ["genre"] = ["crime", "fantasy", "science fiction", "jazz", "classical", "romance"],
        ["edition"] = ["first", "anniversary", "deluxe", "collector"],
        ["duration"] = ["5 hours", "11 hours", "42 minutes"],
        ["voltage"] = ["12 V", "18 V", "230 V"],
        ["flavour"] = ["chicken", "salmon", "lamb", "beef"],
        ["animal age"] = ["puppy", "adult", "senior", "kitten"],
        ["safety standard"] = ["ECE R129", "EN 1888", "EN 716"],
    };

    private static readonly string[] BrandStarts =
        ["Nor", "Alta", "Vel", "Kin", "Sol", "Tru", "Zen", "Mar", "Bel", "Cor", "Lum", "Ori", "Pax", "Ter", "Vox", "Arc", "Bri", "Dal", "Fen", "Gal"];

    private static readonly string[] BrandEnds =
        ["dic", "vo", "ra", "tek", "ex", "ia", "on", "wick", "field", "stone", "ly", "ix", "ora", "ant", "berg"];

    /// <summary>300 made-up brand names, one per start and end ("Nordic", "Altavo", ...).</summary>
    public static string[] Brands() => BrandStarts.SelectMany(start => BrandEnds.Select(end => start + end)).ToArray();
}

/// <summary>Documents as JSON, as the Lucene index stores their source (camelCase): the floor the build rate is compared with.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProductDocument))]
internal sealed partial class SearchBenchJsonContext : JsonSerializerContext;
