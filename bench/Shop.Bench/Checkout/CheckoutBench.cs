using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Local;
using Shop.Local.Seeding;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Bench.Checkout;

internal sealed record CheckoutRound(int Round, int Placed, int RefusedAtPlacement, int Confirmed, int FailedOutOfStock, int FailedOtherwise, int HeldForReview, int StockLeft, int Retries, TimeSpan Elapsed);

internal sealed record HappyPath(int StateTransitions, TimeSpan Wall, TimeSpan TaskTime);

internal sealed record CheckoutFigures(int Checkouts, int Members, int Units, int Concurrency, IReadOnlyList<CheckoutRound> Rounds, IReadOnlyList<HappyPath> HappyPaths);

/// <summary>
/// The oversell run: each round lists a SKU with <c>units</c> in stock and has <c>checkouts</c>
/// members, drawn at random from a larger registered pool, order one each, <c>concurrency</c> orders in flight, every checkout running in
/// moto's Step Functions through the edge. A round counts what the order form refused, what the
/// checkouts confirmed and failed, and the stock left; more confirmed than units, or negative
/// stock, fails the bench. A placement the front answers 429/500/502/503/504 (the local Api runs
/// at most a few instances, so 500 at once queue past the integration timeout or the function's
/// own, as a throttled Api Gateway would answer) is sent again with the same Idempotency-Key, as a client should:
/// the retries are counted, and a retry that sold twice would show as oversell. The members
/// register once, and each round log in again (a round outlives an access token), empty their
/// one cart of earlier rounds' SKUs and add this round's (not timed; a setup call the front fails
/// is sent again). The draw is random, and the pool larger than a round, so that few members win
/// four times within the hour, which the fraud check holds for review: the unreviewed path is
/// measured in every round. Then a few confirmed orders per round are shipped and their execution
/// histories read: state transitions of a happy-path order, and its wall time (without the wait
/// for the warehouse) against the sum of its tasks' times.
/// </summary>
internal sealed class CheckoutBench(Action<string> progress)
{
    private const int HappyPathsPerRound = 3;

    /// <summary>Setting members up is not measured: it runs at a pace the machine keeps up with.</summary>
    private const int SetupConcurrency = 16;

    /// <summary>
    /// With 500 in flight and eight local Api instances, the front serves a score of placements per
    /// 30 s window and withdraws the rest, so a placement may wait out many windows; bounded all the same.
    /// </summary>
    private const int MaxAttempts = 60;

    /// <summary>A setup call the front fails is sent again, this often at most.</summary>
    private const int SetupAttempts = 8;

    public async Task<CheckoutFigures> RunAsync(string repositoryRoot, int checkouts, int units, int rounds, int concurrency, int members, CancellationToken cancellationToken)
    {
        var state = Path.Combine(Path.GetTempPath(), "shop-bench-checkout-" + Guid.NewGuid().ToString("N")[..8]);
        var options = LocalEnvironmentOptions.FromEnvironment(repositoryRoot, _ => null).OnFreePorts(state) with
        {
            CloudAssembly = Path.Combine(repositoryRoot, "cdk.out"),
            Log = new LocalPaths(repositoryRoot, state).LogWriter("environment"),
        };
        progress("checkout: starting a local environment (moto, PostgreSQL, the edge, the deployed templates)");
        try
        {
            CheckoutFigures figures;
            // The environment is stopped before its folder is removed (the search index writes on the way out).
            await using (var environment = await LocalEnvironment.StartAsync(options, cancellationToken))
            {
                using var api = new HttpClient { BaseAddress = environment.ApiUrl, Timeout = TimeSpan.FromMinutes(2) };
                var machine = environment.Setting(ShopNames.Settings.CheckoutStateMachineArn);
                var results = new List<CheckoutRound>();
                var happy = new List<HappyPath>();
                var pool = Math.Max(members, checkouts);
                progress($"checkout: registering {pool} members (not timed)");
                var sessions = await Concurrently.ForEachAsync(Enumerable.Range(0, pool), SetupConcurrency, _ => RegisterAsync(api, cancellationToken), cancellationToken);
                for (var round = 1; round <= rounds; round++)
                {
                    using var seller = await LogInAsync(api, SeedUsers.SellerEmail, environment.Options.SeedPassword, cancellationToken);
                    using var admin = await LogInAsync(api, SeedUsers.AdminEmail, environment.Options.SeedPassword, cancellationToken);
                    var (productId, sku) = await ListAsync(seller, units, cancellationToken);
                    progress($"checkout: round {round}/{rounds}, {checkouts} members drawn from {pool} fill a cart (not timed)");
                    var drawn = sessions.ToArray();
                    Random.Shared.Shuffle(drawn);
                    var buyers = await Concurrently.ForEachAsync(drawn.Take(checkouts), SetupConcurrency, s => FillCartAsync(api, s, sku, cancellationToken), cancellationToken);
                    // Filled concurrently, so the buyers come back in no set order; they are placed in the drawn one.
                    var ranks = drawn.Select((session, rank) => (session, rank)).ToDictionary(d => d.session, d => d.rank);
                    buyers.Sort((a, b) => ranks[a.Session].CompareTo(ranks[b.Session]));
                    progress($"checkout: round {round}/{rounds}, {checkouts} checkouts for {units} units, {concurrency} in flight");
                    var clock = Stopwatch.StartNew();
                    var placed = await Concurrently.ForEachAsync(buyers, concurrency, m => PlaceAsync(m, cancellationToken), cancellationToken);
                    var orders = placed.Where(p => p.OrderId is not null).ToList();
                    var finals = await Concurrently.ForEachAsync(orders, concurrency, o => FinalStatusAsync(o.Member, admin, o.OrderId!, cancellationToken), cancellationToken);
                    clock.Stop();
                    // A failed order is failed before its compensation gives the stock back: the stock is read once those executions ended.
                    await Concurrently.ForEachAsync(finals.Where(f => f.Status == "failed"), SetupConcurrency, f => EndedAsync(environment, machine, f.OrderId, TimeSpan.FromMinutes(5), cancellationToken), cancellationToken);
                    var stock = await StockAsync(api, productId, cancellationToken);
                    var confirmed = finals.Count(f => f.Status == "confirmed");
                    var outOfStock = finals.Count(f => f.Status == "failed" && FailureReason(f.Order) == "out of stock");
                    if (orders.DistinctBy(o => o.OrderId).Count() != orders.Count)
                    {
                        throw new MeasurementInvalidException($"Round {round}: two checkouts were answered with the same order.");
                    }
                    var result = new CheckoutRound(round, orders.Count, placed.Count - orders.Count, confirmed, outOfStock,
                        finals.Count(f => f.Status == "failed") - outOfStock, finals.Count(f => f.Reviewed), stock, placed.Sum(p => p.Attempts - 1), clock.Elapsed);
                    results.Add(result);
                    progress($"checkout: round {round}: {result}");
                    if (stock > 0 && result.RefusedAtPlacement > 0)
                    {
                        await ReportUnsoldAsync(environment, sku, finals, stock, cancellationToken);
                    }
                    // Every unit is either sold to a confirmed order or back in stock: none sold twice, none lost to a failed one.
                    if (confirmed > units || stock < 0 || confirmed + stock != units)
                    {
                        throw new MeasurementInvalidException($"Round {round} sold {confirmed} of {units} units with {stock} left: the checkout oversold or lost units.");
                    }
                    // An order an analyst let through waited for them: not a happy path.
                    foreach (var order in finals.Where(f => f.Status == "confirmed" && !f.Reviewed).Take(HappyPathsPerRound))
                    {
                        happy.Add(await ShipAndMeasureAsync(environment, admin, order, machine, cancellationToken));
                    }
                }
                foreach (var session in sessions)
                {
                    session.Client?.Dispose();
                }
                figures = new CheckoutFigures(checkouts, pool, units, concurrency, results, happy);
            }
            Concurrently.TryDelete(state);
            return figures;
        }
        catch (MeasurementInvalidException)
        {
            progress($"checkout: the environment's logs are kept in {state}");
            throw;
        }
    }

    private sealed record Member(Session Session, HttpClient Client, string CartId);

    /// <summary>A registered member and their current login; an access token lasts an hour, the run longer.</summary>
    private sealed class Session(string email)
    {
        public string Email => email;
        public HttpClient? Client { get; set; }
        public DateTime LoggedInAt { get; set; }
    }

    private sealed record Placement(Member Member, string? OrderId, int Attempts);

    private sealed record Outcome(Member Member, string OrderId, string Status, JsonElement Order, bool Reviewed);

    private static async Task<HttpClient> LogInAsync(HttpClient api, string email, string password, CancellationToken cancellationToken)
    {
        using var login = await SetupAsync(api, () => Post("/auth/login", new { email, password }), cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(string ProductId, string Sku)> ListAsync(HttpClient seller, int units, CancellationToken cancellationToken)
    {
        var sku = "BENCH-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        // A retry after an answer lost to the front may find the SKU taken by the first attempt: the bench stops then.
        using var created = await SetupAsync(seller, () => Post("/seller/products", new
        {
            name = "Bench Lamp",
            brand = "Bench",
            description = "A lamp the checkout bench sells out.",
            categoryId = "home-kitchen-lighting",
            options = new[] { "finish" },
            status = "active",
            variants = new[] { new { sku, price = new { amount = 2500, currency = "EUR" }, options = new { finish = "brass" }, stock = units } },
        }), cancellationToken);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new MeasurementInvalidException($"Could not list the bench product: {body}");
        }
        return (body.GetProperty("id").GetString()!, sku);
    }

    private const string MemberPassword = "Bench-pass-1!";

    private static async Task<Session> RegisterAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var email = $"bench-{Guid.NewGuid():N}@bench.shop.local";
        using var registered = await SetupAsync(api, () => Post("/auth/register", new { email, password = MemberPassword }), cancellationToken);
        // 409 is an earlier attempt, its answer lost to the front, having registered the address.
        if (registered.StatusCode != HttpStatusCode.Conflict)
        {
            registered.EnsureSuccessStatusCode();
        }
        return new Session(email);
    }

    private static async Task<Member> FillCartAsync(HttpClient api, Session session, string sku, CancellationToken cancellationToken)
    {
        if (session.Client is null || DateTime.UtcNow - session.LoggedInAt > TimeSpan.FromMinutes(40))
        {
            session.Client?.Dispose();
            session.Client = await LogInAsync(api, session.Email, MemberPassword, cancellationToken);
            session.LoggedInAt = DateTime.UtcNow;
        }
        var client = session.Client;
        // A member has one cart: POST /carts answers it. A member the order form refused in an
        // earlier round still has that round's sold-out SKU in it, which would refuse this order too.
        using var cart = await SetupAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/carts"), cancellationToken);
        cart.EnsureSuccessStatusCode();
        var opened = await cart.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var cartId = opened.GetProperty("id").GetString()!;
        foreach (var stale in opened.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).Where(s => s != sku))
        {
            using var removed = await SetupAsync(client, () => new HttpRequestMessage(HttpMethod.Delete, $"/carts/{cartId}/items/{stale}"), cancellationToken);
            removed.EnsureSuccessStatusCode();
        }
        using var item = await SetupAsync(client, () => new HttpRequestMessage(HttpMethod.Put, $"/carts/{cartId}/items/{sku}") { Content = JsonContent.Create(new { quantity = 1 }) }, cancellationToken);
        item.EnsureSuccessStatusCode();
        return new Member(session, client, cartId);
    }

    private static async Task<Placement> PlaceAsync(Member member, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
            {
                Content = JsonContent.Create(new
                {
                    cartId = member.CartId,
                    shippingAddress = new { name = "Bench", line1 = "Benchstrasse 1", city = "Berlin", postalCode = "10115", country = "DE" },
                    shippingOption = "standard",
                    payment = new { method = "card", token = "tok_approve" },
                }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await member.Client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    return new Placement(member, body.GetProperty("id").GetString(), attempt);
                // An earlier attempt with this key is still being placed (its answer was lost to a timeout): ask again, as Retry-After says.
                case HttpStatusCode.Conflict when ProblemType(body).EndsWith(":idempotency-key-in-flight", StringComparison.Ordinal) && attempt < MaxAttempts:
                    await Task.Delay(TimeSpan.FromSeconds(1 + Random.Shared.Next(0, 3)), cancellationToken);
                    break;
                // The order form saw the stock gone: refused before any checkout, no sale.
                case HttpStatusCode.Conflict when ProblemType(body).EndsWith(":insufficient-stock", StringComparison.Ordinal):
                    return new Placement(member, null, attempt);
                // 500 is what the front answers when the function failed (its 15 s timeout, under 500 at once).
                case var status when IsTransient(status) && attempt < MaxAttempts:
                    await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(1, attempt >= 5 ? 30 : 1 << attempt)), cancellationToken);
                    break;
                default:
                    throw new MeasurementInvalidException($"POST /orders answered {(int)response.StatusCode} after {attempt} attempts: {body}");
            }
        }
    }

    /// <summary>
    /// Polls the order until it is final. A member who placed orders in three of the last hour's
    /// rounds trips the fraud check's velocity rule and the order is held for review (it stays
    /// pending): the seeded admin approves it, as an analyst would, and the order is counted as held.
    /// </summary>
    private static async Task<Outcome> FinalStatusAsync(Member member, HttpClient admin, string orderId, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var deadline = started + TimeSpan.FromMinutes(10);
        var reviewed = false;
        var lastReviewAttempt = DateTime.MinValue;
        while (true)
        {
            using var read = await SetupAsync(member.Client, () => new HttpRequestMessage(HttpMethod.Get, $"/orders/{orderId}"), cancellationToken);
            read.EnsureSuccessStatusCode();
            var order = await read.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = order.GetProperty("status").GetString()!;
            // Confirmed is final for this count once the order has its shipment (the checkout waits for the warehouse then).
            if (status == "failed" || (status == "confirmed" && order.GetProperty("shipments").GetArrayLength() > 0))
            {
                return new Outcome(member, orderId, status, order, reviewed);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new MeasurementInvalidException($"Order {orderId} was still {status} after 10 minutes.");
            }
            if (status == "pending" && !reviewed && DateTime.UtcNow - started > ReviewAfter && DateTime.UtcNow - lastReviewAttempt > ReviewAfter)
            {
                lastReviewAttempt = DateTime.UtcNow;
                reviewed = await ApproveIfHeldAsync(admin, orderId, cancellationToken);
            }
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>How long an order may be pending before the bench asks whether the fraud check held it, and how often.</summary>
    private static readonly TimeSpan ReviewAfter = TimeSpan.FromSeconds(20);

    /// <summary>Approves the order if it waits for a review (202); 409 means it does not (yet, or at all).</summary>
    private static async Task<bool> ApproveIfHeldAsync(HttpClient admin, string orderId, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsJsonAsync($"/admin/orders/{orderId}/review", new { decision = "approve" }, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            var status when status == HttpStatusCode.Conflict || IsTransient(status) => false,
            _ => throw new MeasurementInvalidException($"POST /admin/orders/{orderId}/review answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}"),
        };
    }

    /// <summary>What the front answers when the function failed, timed out or was throttled: worth sending again.</summary>
    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static HttpRequestMessage Post<T>(string path, T body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    /// <summary>
    /// Sends a call the measurement depends on but does not time (a login, a cart, a read) until the
    /// front answers other than transiently, at most <see cref="SetupAttempts"/> times; answers the last response.
    /// </summary>
    private static async Task<HttpResponseMessage> SetupAsync(HttpClient client, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await client.SendAsync(message, cancellationToken);
            if (!IsTransient(response.StatusCode) || attempt >= SetupAttempts)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(1, 1 << Math.Min(attempt, 5))), cancellationToken);
        }
    }

    private static string ProblemType(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";

    /// <summary>The reason of the order's last status change ("out of stock", "payment declined", ...).</summary>
    private static string? FailureReason(JsonElement order) =>
        order.GetProperty("history").EnumerateArray().LastOrDefault() is { ValueKind: JsonValueKind.Object } last && last.TryGetProperty("reason", out var reason)
            ? reason.GetString()
            : null;

    private static string ExecutionArn(string machine, string orderId) =>
        machine.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + orderId;

    /// <summary>Waits, at most <paramref name="limit"/>, for the order's checkout execution to end; answers its ARN.</summary>
    private static async Task<string> EndedAsync(LocalEnvironment environment, string machine, string orderId, TimeSpan limit, CancellationToken cancellationToken)
    {
        var execution = ExecutionArn(machine, orderId);
        var deadline = DateTime.UtcNow + limit;
        while ((await environment.Aws.StepFunctions.DescribeExecutionAsync(execution, cancellationToken)).Status == "RUNNING")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new MeasurementInvalidException($"The checkout of order {orderId} was still running after {limit.TotalMinutes:0} minutes.");
            }
            await Task.Delay(250, cancellationToken);
        }
        return execution;
    }

    /// <summary>
    /// Units were left while the order form refused placements for want of them: the holds on the
    /// SKU say which orders had them, and whether any order the bench never heard of held units.
    /// </summary>
    private async Task ReportUnsoldAsync(LocalEnvironment environment, string sku, IReadOnlyList<Outcome> finals, int stock, CancellationToken cancellationToken)
    {
        var known = finals.Select(f => f.OrderId).ToHashSet(StringComparer.Ordinal);
        var holds = new List<(string OrderId, string Status, string CreatedAt, string FinishedAt)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await environment.Aws.DynamoDb.ScanAsync(new ScanRequest
            {
                TableName = environment.TableName(),
                FilterExpression = "#type = :hold",
                ExpressionAttributeNames = new() { ["#type"] = "type" },
                ExpressionAttributeValues = new() { [":hold"] = new AttributeValue { S = "Hold" } },
                ExclusiveStartKey = start,
            }, cancellationToken);
            holds.AddRange(page.Items
                .Where(item => item["lines"].L.Any(line => line.M["sku"].S == sku))
                .Select(item => (item["orderId"].S, item["status"].S, item["createdAt"].S, item.TryGetValue("finishedAt", out var at) ? at.S : "")));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        var statuses = string.Join(", ", holds.GroupBy(h => h.Status).Select(g => $"{g.Count()} {g.Key}"));
        progress($"checkout: {stock} units unsold although the order form refused placements; holds on {sku}: {statuses}");
        foreach (var hold in holds.Where(h => !known.Contains(h.OrderId) || h.Status is not "committed"))
        {
            progress($"checkout:   hold of {(known.Contains(hold.OrderId) ? "placed" : "unknown")} order {hold.OrderId}: {hold.Status}, held {hold.CreatedAt}, finished {hold.FinishedAt}");
        }
        foreach (var missing in finals.Where(f => f.Status == "confirmed" && holds.All(h => h.OrderId != f.OrderId)))
        {
            progress($"checkout:   confirmed order {missing.OrderId} has no hold on {sku}");
        }
    }

    private static async Task<int> StockAsync(HttpClient api, string productId, CancellationToken cancellationToken)
    {
        using var read = await SetupAsync(api, () => new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}"), cancellationToken);
        read.EnsureSuccessStatusCode();
        var product = await read.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return product.GetProperty("variants")[0].GetProperty("stock").GetInt32();
    }

    /// <summary>Ships the order, waits for its checkout to end, and reads the execution's history.</summary>
    private static async Task<HappyPath> ShipAndMeasureAsync(LocalEnvironment environment, HttpClient fulfillment, Outcome order, string machine, CancellationToken cancellationToken)
    {
        var shipment = order.Order.GetProperty("shipments")[0].GetProperty("id").GetString();
        using var shipped = await SetupAsync(fulfillment, () => Post($"/fulfillment/shipments/{shipment}/events", new { status = "shipped" }), cancellationToken);
        shipped.EnsureSuccessStatusCode();
        var execution = await EndedAsync(environment, machine, order.OrderId, TimeSpan.FromMinutes(2), cancellationToken);
        var events = await environment.Aws.StepFunctions.GetExecutionHistoryAsync(execution, cancellationToken);
        return Measure(events);
    }

    /// <summary>
    /// State transitions are the states entered. Wall time runs from the execution's start to its
    /// end, less the wait for the warehouse (the bench ships when it gets to it); task time sums
    /// each task's scheduled-to-finished span, the waits excluded.
    /// </summary>
    internal static HappyPath Measure(IReadOnlyList<HistoryEvent> events)
    {
        var transitions = events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal));
        var entered = new Dictionary<string, DateTimeOffset>();
        var waited = TimeSpan.Zero;
        var tasks = TimeSpan.Zero;
        DateTimeOffset? scheduled = null;
        string? current = null;
        foreach (var e in events)
        {
            if (e.StateEnteredEventDetails is { } enteredState)
            {
                current = enteredState.Name;
                entered[current] = e.Timestamp;
            }
            else if (e.StateExitedEventDetails is { } exited && exited.Name.StartsWith("Await", StringComparison.Ordinal))
            {
                waited += e.Timestamp - entered[exited.Name];
            }
            else if (e.Type is "TaskScheduled" or "LambdaFunctionScheduled")
            {
                scheduled = e.Timestamp;
            }
            else if (e.Type is "TaskSucceeded" or "TaskFailed" or "LambdaFunctionSucceeded" or "LambdaFunctionFailed" && scheduled is { } start
                && current is not null && !current.StartsWith("Await", StringComparison.Ordinal))
            {
                tasks += e.Timestamp - start;
                scheduled = null;
            }
        }
        var wall = events[^1].Timestamp - events[0].Timestamp - waited;
        return new HappyPath(transitions, wall, tasks);
    }
}
