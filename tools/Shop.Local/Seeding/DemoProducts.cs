using System.Globalization;
using Shop.Core.Catalog;

namespace Shop.Local.Seeding;

/// <summary>
/// Generates the demo catalog's products from a fixed seed: for each leaf category a dozen
/// products with plausible names, brands, descriptions and attributes, and one to four variants
/// over the options that fit the category (colour, size, capacity, ...), priced in EUR cents.
/// </summary>
internal static class DemoProducts
{
    private const int Seed = 20261123;
    private const int ProductsPerLeaf = 12;
    private static readonly DateTimeOffset Launch = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How products of one leaf category look.</summary>
    private sealed record Kind(
        string Code,
        string[] Nouns,
        string[] Brands,
        string[] Qualities,
        (string Name, string[] Values)[] Options,
        long MinPrice,
        long MaxPrice,
        (string Name, string[] Values)[] Attributes,
        string Pitch,
        string Title = "{0} {1} {2}");

    private static readonly string[] ClothingSizes = ["XS", "S", "M", "L", "XL"];

    /// <summary>Options whose values are tiers in ascending order, each tier costing more; colours and clothing sizes cost the same.</summary>
    private static readonly HashSet<string> TieredOptions = ["storage", "memory", "kit", "capacity", "weight", "pieces", "format", "edition"];

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["Phones"] = new("PHN", ["Smartphone", "Phone", "5G Phone"], ["Nexa", "Orbital", "Pixelion", "Kairo"], ["Pro", "Lite", "Max", "Mini", "Edge"],
            [("colour", ["Black", "Silver", "Midnight Blue", "Sage"]), ("storage", ["128 GB", "256 GB", "512 GB"])], 19900, 129900,
            [("screen", ["6.1\"", "6.4\"", "6.7\""]), ("battery", ["4,300 mAh", "4,800 mAh", "5,000 mAh"]), ("camera", ["48 MP", "50 MP", "108 MP"])],
            "A fast, all-day phone with a bright OLED display and a camera that copes with low light."),
        ["Laptops"] = new("LAP", ["Laptop", "Ultrabook", "Notebook", "2-in-1 Laptop"], ["Corvid", "Lumen", "Atlasbook", "Veyra"], ["Air", "Studio", "Creator", "Go"],
            [("memory", ["8 GB", "16 GB", "32 GB"]), ("storage", ["512 GB SSD", "1 TB SSD"])], 49900, 249900,
            [("screen", ["13.3\"", "14\"", "15.6\""]), ("processor", ["8-core", "10-core", "12-core"]), ("weight", ["1.1 kg", "1.3 kg", "1.8 kg"])],
            "A light, quiet laptop with a sharp display, a comfortable keyboard and a battery that lasts a working day."),
        ["Audio"] = new("AUD", ["Wireless Headphones", "Earbuds", "Bluetooth Speaker", "Soundbar"], ["Sonora", "Basswell", "Echoline", "Tidal Audio"], ["ANC", "Studio", "Sport", "Mini"],
            [("colour", ["Black", "White", "Sand", "Navy"])], 2900, 39900,
            [("battery life", ["12 h", "24 h", "30 h"]), ("connectivity", ["Bluetooth 5.3", "Bluetooth 5.4"]), ("water resistance", ["IPX4", "IPX5", "IP67"])],
            "Clear, balanced sound with deep bass, quick pairing and controls that are easy to find without looking."),
        ["Cameras"] = new("CAM", ["Mirrorless Camera", "Action Camera", "Compact Camera", "Instant Camera"], ["Optima", "Fotek", "Brightframe", "Lensa"], ["Mark II", "Pro", "Zoom", "Vlog"],
            [("kit", ["Body only", "With 24-70 mm lens"])], 8900, 219900,
            [("sensor", ["APS-C", "Full frame", "1-inch"]), ("video", ["4K 30p", "4K 60p", "6K"]), ("stabilisation", ["5-axis", "Digital"])],
            "Fast autofocus, rich colours straight out of the camera and a grip that stays comfortable all day."),
        ["Wearables"] = new("WRB", ["Smartwatch", "Fitness Tracker", "GPS Watch"], ["Pulse", "Stride", "Kairo", "Vitalis"], ["Active", "Pro", "Lite", "Trail"],
            [("colour", ["Black", "Silver", "Rose", "Olive"]), ("size", ["41 mm", "45 mm"])], 4900, 49900,
            [("battery life", ["5 days", "10 days", "14 days"]), ("water resistance", ["5 ATM", "10 ATM"]), ("sensors", ["heart rate, SpO2", "heart rate, SpO2, ECG"])],
            "Tracks workouts, sleep and heart rate, shows notifications at a glance and charges in under an hour."),
        ["Cookware"] = new("CKW", ["Frying Pan", "Saucepan Set", "Dutch Oven", "Wok", "Stockpot"], ["Ferro", "Castelle", "Kitchenry", "Copperleaf"], ["Classic", "Pro", "Everyday", "Chef's"],
            [("size", ["20 cm", "24 cm", "28 cm"])], 1990, 24900,
            [("material", ["cast iron", "stainless steel", "hard-anodised aluminium", "carbon steel"]), ("hob", ["all hobs incl. induction", "gas and electric"]), ("dishwasher safe", ["yes", "no"])],
            "Heats evenly, sears well and cleans up easily; built to last for years of daily cooking."),
        ["Furniture"] = new("FRN", ["Armchair", "Bookcase", "Coffee Table", "Desk", "Dining Chair"], ["Nordhus", "Oakline", "Loftwood", "Casa Verde"], ["Oslo", "Lund", "Bergen", "Aarhus"],
            [("colour", ["Oak", "Walnut", "White", "Black"])], 4900, 89900,
            [("material", ["solid oak", "walnut veneer", "powder-coated steel", "beech"]), ("assembly", ["required", "not required"]), ("width", ["60 cm", "80 cm", "120 cm"])],
            "Clean lines, sturdy joints and a finish that resists everyday wear; fits small flats and large rooms alike."),
        ["Lighting"] = new("LGT", ["Floor Lamp", "Desk Lamp", "Pendant Light", "LED Strip"], ["Lumina", "Glowhaus", "Brightnest", "Arc & Co"], ["Arc", "Halo", "Dome", "Slim"],
            [("colour", ["Black", "White", "Brass"])], 1490, 29900,
            [("bulb", ["E27", "integrated LED", "GU10"]), ("dimmable", ["yes", "no"]), ("colour temperature", ["2700 K", "2700-6500 K"])],
            "Warm, glare-free light with a simple switch and a base that stays put."),
        ["Storage"] = new("STR", ["Storage Box", "Shelving Unit", "Laundry Basket", "Pantry Jar Set"], ["Tidy", "Boxwell", "Keepsake", "Stackr"], ["Modular", "Classic", "Slim", "Large"],
            [("size", ["S", "M", "L"])], 990, 14900,
            [("material", ["bamboo", "recycled plastic", "metal", "glass"]), ("stackable", ["yes", "no"])],
            "Keeps things tidy and easy to find, stacks neatly and wipes clean."),
        ["Fiction"] = new("FIC", ["Lighthouse", "Orchard", "Frontier", "Harbour", "Garden", "Ember"], ["Harbour Press", "Lantern Books", "Quillstone", "Northwind"], ["The Silent", "A Winter", "The Last", "Beyond the", "The Hidden"],
            [("format", ["Paperback", "Hardcover"])], 899, 2999,
            [("pages", ["256", "320", "412", "544"]), ("language", ["English"]), ("author", ["A. Marlowe", "J. Okafor", "L. Brandt", "S. Novak"])],
            "A gripping story with characters that stay with you long after the last page.", "{1} {2}"),
        ["Non-fiction"] = new("NFC", ["Bread", "Investing", "the Atlantic", "Birdwatching", "Stoicism", "Sleep"], ["Harbour Press", "Atlas House", "Meridian", "Clearview Books"], ["The Essential Guide to", "A Short History of", "The Science of", "Everyday"],
            [("format", ["Paperback", "Hardcover", "Large print"])], 999, 4499,
            [("pages", ["224", "288", "368", "480"]), ("language", ["English"]), ("author", ["R. Patel", "M. Lindqvist", "C. Duarte", "H. Mensah"])],
            "Clear, well researched and full of practical insight, written for curious readers.", "{1} {2}"),
        ["Children's Books"] = new("KID", ["Little Fox", "Bear", "Tractor", "Penguin", "Dragon"], ["Little Owl", "Treehouse Press", "Bramble Books"], ["The Brave", "Sleepy", "Curious", "Busy"],
            [("format", ["Paperback", "Board book", "Hardcover"])], 499, 1999,
            [("age", ["0-3", "3-5", "5-8"]), ("pages", ["24", "32", "64"]), ("language", ["English"])],
            "Bright illustrations and gentle rhymes, perfect for reading aloud together.", "{1} {2}"),
        ["Comics"] = new("CMX", ["Starfall", "Neon Ronin", "Deep Blue", "Iron Garden", "Moonlight Courier"], ["Inkwell", "Panel House", "Starboard Comics"], ["Vol. 1", "Vol. 2", "Deluxe Edition", "Omnibus"],
            [("format", ["Paperback", "Hardcover"])], 999, 5999,
            [("pages", ["144", "208", "320"]), ("language", ["English"]), ("artist", ["K. Ito", "D. Ferreira", "B. Walsh"])],
            "Sharp artwork and a fast-paced story; collects the complete arc in one volume.", "{2} {1}"),
        ["Cycling"] = new("CYC", ["Bike Helmet", "Cycling Jersey", "Bike Light Set", "Saddle Bag", "Cycling Gloves"], ["Velotek", "Ridgeline", "Spokewise", "Cadence"], ["Aero", "Trail", "Urban", "Race"],
            [("size", ["S", "M", "L"]), ("colour", ["Black", "Red", "White"])], 1990, 19900,
            [("weight", ["180 g", "230 g", "290 g"]), ("reflective details", ["yes", "no"])],
            "Light, tough and made for long rides, commutes and everything in between."),
        ["Camping"] = new("CMP", ["Tent", "Sleeping Bag", "Camping Stove", "Headlamp", "Trekking Poles"], ["Northpeak", "Basecamp", "Wildfern", "Summitry"], ["Ultralight", "Explorer", "Family", "Alpine"],
            [("capacity", ["1 person", "2 person", "4 person"])], 1490, 59900,
            [("weight", ["450 g", "1.2 kg", "2.8 kg"]), ("season", ["3-season", "4-season"]), ("water column", ["2,000 mm", "3,000 mm"])],
            "Packs small, sets up fast and keeps you warm and dry when the weather turns."),
        ["Fitness"] = new("FIT", ["Yoga Mat", "Dumbbell Set", "Kettlebell", "Resistance Bands", "Foam Roller"], ["Corefit", "Ironwell", "Flexa", "Motive"], ["Pro", "Home", "Studio", "Grip"],
            [("weight", ["4 kg", "8 kg", "12 kg", "16 kg"])], 990, 19900,
            [("material", ["natural rubber", "cast iron", "TPE", "latex-free"]), ("non-slip", ["yes"])],
            "Solid, comfortable and built for daily training at home or in the gym."),
        ["Running"] = new("RUN", ["Running Shoe", "Trail Runner", "Running Jacket", "Hydration Vest"], ["Northpeak", "Stride", "Fleetfoot", "Kinetic"], ["Swift", "Ultra", "Tempo", "Pace"],
            [("colour", ["Black", "Volt", "Ocean", "Coral"]), ("size", ["40", "41", "42", "43", "44", "45"])], 3990, 18900,
            [("drop", ["4 mm", "6 mm", "8 mm"]), ("weight", ["230 g", "265 g", "290 g"]), ("upper", ["engineered mesh", "recycled knit"])],
            "Cushioned, responsive and breathable, with grip you can trust on wet roads and rough trails."),
        ["Men"] = new("MEN", ["Oxford Shirt", "Chinos", "Merino Sweater", "Rain Jacket", "Denim Jacket"], ["Harlow", "Fieldstone", "Norse & Co", "Tailorfit"], ["Classic", "Slim", "Relaxed", "Everyday"],
            [("size", ClothingSizes), ("colour", ["Navy", "Olive", "Stone", "Black"])], 2990, 19900,
            [("material", ["organic cotton", "merino wool", "recycled nylon", "denim"]), ("fit", ["slim", "regular", "relaxed"]), ("care", ["machine wash 30°C", "hand wash"])],
            "Soft, well cut and easy to wear, from the office to the weekend."),
        ["Women"] = new("WMN", ["Linen Dress", "Wool Coat", "Cashmere Jumper", "Wide-leg Trousers", "Blouse"], ["Maren", "Alba", "Luce", "Wren & Wild"], ["Classic", "Tailored", "Relaxed", "Essential"],
            [("size", ClothingSizes), ("colour", ["Black", "Camel", "Ivory", "Sage"])], 2990, 29900,
            [("material", ["linen", "wool blend", "cashmere", "viscose"]), ("fit", ["regular", "relaxed", "tailored"]), ("care", ["machine wash 30°C", "dry clean"])],
            "Beautifully made in a fabric that drapes well and feels good all day."),
        ["Shoes"] = new("SHO", ["Leather Sneaker", "Chelsea Boot", "Loafer", "Canvas Trainer", "Hiking Boot"], ["Cobbler & Sons", "Northpeak", "Solestreet", "Fleetfoot"], ["Classic", "Low", "High", "Everyday"],
            [("size", ["37", "38", "39", "40", "41", "42", "43", "44", "45"]), ("colour", ["Black", "White", "Tan"])], 3990, 22900,
            [("upper", ["full-grain leather", "suede", "canvas"]), ("sole", ["rubber", "leather", "Vibram"]), ("lining", ["leather", "textile"])],
            "Comfortable from the first wear, with a durable sole and a timeless shape."),
        ["Accessories"] = new("ACC", ["Leather Belt", "Wool Scarf", "Backpack", "Sunglasses", "Wallet"], ["Harlow", "Fieldstone", "Carryall", "Luce"], ["Classic", "Travel", "Slim", "Everyday"],
            [("colour", ["Black", "Brown", "Navy", "Grey"])], 1490, 14900,
            [("material", ["full-grain leather", "merino wool", "recycled nylon", "acetate"]), ("made in", ["Portugal", "Italy", "Spain"])],
            "Practical, well finished and made to be used every day for years."),
        ["Board Games"] = new("BRD", ["the North", "Atlantis", "the Spice Isles", "the Stars", "the Deep"], ["Meeple Works", "Tabletop Co", "Dicehouse", "Gamewright Lane"], ["Empires of", "Quest for", "Secrets of", "Race to"],
            [("edition", ["Standard", "Deluxe"])], 1490, 7990,
            [("players", ["2-4", "2-6", "3-8"]), ("age", ["8+", "10+", "14+"]), ("playing time", ["20 min", "45 min", "90 min"])],
            "Easy to learn, hard to master, and a favourite for game nights with family and friends.", "{1} {2}"),
        ["Building Sets"] = new("BLD", ["Building Set", "Construction Kit", "Marble Run", "Robot Kit"], ["Brickton", "Buildwise", "Cogsworth", "Blocktopia"], ["Space Station", "City Tram", "Castle", "Rescue Truck"],
            [("pieces", ["250 pieces", "500 pieces", "1,000 pieces"])], 1490, 14900,
            [("age", ["6+", "8+", "12+"]), ("compatible", ["yes"]), ("batteries", ["not required", "2 x AA"])],
            "Clear instructions, satisfying builds and endless possibilities once it is finished."),
        ["Puzzles"] = new("PZL", ["Jigsaw Puzzle", "3D Puzzle", "Brain Teaser"], ["Puzzlewood", "Piecemeal", "Tessera"], ["Alpine Lake", "Night Market", "Botanical", "World Map"],
            [("pieces", ["500 pieces", "1,000 pieces", "1,500 pieces"])], 990, 3990,
            [("size", ["49 x 36 cm", "68 x 48 cm", "84 x 60 cm"]), ("material", ["recycled board", "wood"]), ("age", ["10+", "12+"])],
            "Thick, snug-fitting pieces and a striking image that is a pleasure to assemble."),
    };

    public static IReadOnlyList<Product> Generate(IReadOnlyList<Category> categories, string sellerId)
    {
        var random = new Random(Seed);
        var leaves = categories.Where(c => !c.IsRoot && Kinds.ContainsKey(c.Name)).ToList();
        var products = new List<Product>();
        foreach (var leaf in leaves)
        {
            var kind = Kinds[leaf.Name];
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 1; i <= ProductsPerLeaf; i++)
            {
                products.Add(Build(random, leaf, kind, i, products.Count, sellerId, names));
            }
        }
        return products;
    }

    private static Product Build(Random random, Category leaf, Kind kind, int number, int index, string sellerId, HashSet<string> names)
    {
        var id = $"p-demo-{kind.Code.ToLowerInvariant()}-{number:D2}";
        var (brand, name) = Name(random, kind, names);
        var attributes = kind.Attributes.ToDictionary(a => a.Name, a => Pick(random, a.Values), StringComparer.Ordinal);
        // Newest first in the listings: products appear one every few hours before the launch date.
        var createdAt = Launch.AddHours(-7 * index - random.Next(0, 5));
        var options = kind.Options.Take(random.Next(1, kind.Options.Length + 1)).ToList();
        var basePrice = Price(random, kind.MinPrice, kind.MaxPrice);
        var variants = Variants(random, id, kind.Code, number, options, basePrice, createdAt);
        var description = $"{kind.Pitch} {string.Join(", ", attributes.Select(a => $"{Capitalised(a.Key)}: {a.Value}"))}.";
        return new Product(
            id,
            sellerId,
            name,
            brand,
            description,
            leaf.Id,
            attributes,
            options.Select(o => o.Name).ToList(),
            [],
            ProductStatus.Active,
            Rating.None,
            createdAt,
            createdAt,
            1,
            variants);
    }

    /// <summary>A name no other product of the category has: a few draws, then a model number tells it apart.</summary>
    private static (string Brand, string Name) Name(Random random, Kind kind, HashSet<string> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var brand = Pick(random, kind.Brands);
            var name = string.Format(CultureInfo.InvariantCulture, kind.Title, brand, Pick(random, kind.Qualities), Pick(random, kind.Nouns));
            if (attempt >= 5)
            {
                name += " " + (taken.Count + 2).ToString(CultureInfo.InvariantCulture);
            }
            if (taken.Add(name))
            {
                return (brand, name);
            }
        }
    }

    /// <summary>One to four distinct option combinations; each tier up a tiered option (more storage, a bigger tent) costs 15% more.</summary>
    private static List<Variant> Variants(Random random, string productId, string code, int number, List<(string Name, string[] Values)> options, long basePrice, DateTimeOffset at)
    {
        var combinations = options.Aggregate(
            (IEnumerable<Dictionary<string, string>>)[new Dictionary<string, string>(StringComparer.Ordinal)],
            (sofar, option) => sofar.SelectMany(c => option.Values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [option.Name] = v })))
            .ToList();
        var count = Math.Min(random.Next(1, 5), combinations.Count);
        var chosen = combinations.OrderBy(_ => random.Next()).Take(count).ToList();
        var variants = new List<Variant>();
        for (var v = 0; v < chosen.Count; v++)
        {
            var tiers = options.Where(o => TieredOptions.Contains(o.Name)).Sum(o => Array.IndexOf(o.Values, chosen[v][o.Name]));
            var price = RoundToNinetyNine((long)(basePrice * (1 + 0.15m * tiers)));
            var stock = random.Next(0, 10) == 0 ? 0 : random.Next(1, 150);
            variants.Add(new Variant($"DEMO-{code}-{number:D2}-{v + 1}", productId, chosen[v], new Money(price, "EUR"), stock, at));
        }
        return variants.OrderBy(v => v.Sku, StringComparer.Ordinal).ToList();
    }

    private static long Price(Random random, long min, long max) => RoundToNinetyNine(min + (long)(random.NextDouble() * (max - min)));

    /// <summary>Shop prices end in .99 (or .90 for the cheapest items): 4537 becomes 4599.</summary>
    private static long RoundToNinetyNine(long cents) => cents < 1000 ? cents / 10 * 10 + 90 : cents / 100 * 100 + 99;

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Capitalised(string text) => char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
