using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Shop.Local;
using Shop.Local.Seeding;

namespace Shop.Bench.Orders;

internal sealed record OrderFigures(int Orders, int Concurrency, TimeSpan RawElapsed, Distribution RawMillis, TimeSpan ApiElapsed, Distribution ApiMillis, int ApiRefused, string RefusedStatuses);

/// <summary>
/// Order placements per second through the Api (edge → Api function → DynamoDB reads, PostgreSQL
/// transaction, SQS, Step Functions) against the baseline: raw TransactWriteItems per second of an
/// order-sized transaction (three conditional puts) on the same moto, at the same concurrency, in
/// the same run. Members, carts and their lines are prepared first and not timed.
/// </summary>
internal sealed class OrderBench(Action<string> progress)
{
    public async Task<OrderFigures> RunAsync(string repositoryRoot, int orders, int concurrency, CancellationToken cancellationToken)
    {
        var state = Path.Combine(Path.GetTempPath(), "shop-bench-orders-" + Guid.NewGuid().ToString("N")[..8]);
        var options = LocalEnvironmentOptions.FromEnvironment(repositoryRoot, _ => null).OnFreePorts(state) with
        {
            CloudAssembly = Path.Combine(repositoryRoot, "cdk.out"),
            Log = new LocalPaths(repositoryRoot, state).LogWriter("environment"),
        };
        progress("orders: starting a local environment (moto, PostgreSQL, the edge, the deployed templates)");
        try
        {
            await using var environment = await LocalEnvironment.StartAsync(options, cancellationToken);
            using var api = new HttpClient { BaseAddress = environment.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
            var sku = DemoCatalog.Products(environment.Seeded!.SellerId).SelectMany(p => p.Variants).First(v => v.Stock > 0).Sku;
            progress($"orders: preparing {orders} members, each with a cart holding {sku} (not timed)");
            var members = await Concurrently.ForEachAsync(Enumerable.Range(0, orders), concurrency, async _ => await PrepareMemberAsync(api, sku, cancellationToken), cancellationToken);

            // One warm-up order, so the Api's first-call costs (JIT, connection pools, JWKS) are not in either figure.
            var warmUp = await PrepareMemberAsync(api, sku, cancellationToken);
            using (var first = await PlaceAsync(warmUp, cancellationToken))
            {
                first.EnsureSuccessStatusCode();
            }

            progress($"orders: baseline, {orders} raw TransactWriteItems at concurrency {concurrency}");
            var table = environment.TableName();
            var raw = await TimeAsync(Enumerable.Range(0, orders), concurrency, async i =>
            {
                var id = $"bench-{Guid.NewGuid():N}";
                await environment.Aws.DynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems =
                    [
                        Put(table, $"BENCHORDER#{id}", "ORDER", id),
                        Put(table, $"BENCHORDER#{id}", "LINE#1", id),
                        Put(table, $"BENCHKEY#{id}", "KEY", id),
                    ],
                }, cancellationToken);
                return true;
            }, cancellationToken);

            progress($"orders: {orders} POST /orders at concurrency {concurrency}");
            var refusals = new List<string>();
            var placed = await TimeAsync(members, concurrency, async member =>
            {
                using var response = await PlaceAsync(member, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    lock (refusals)
                    {
                        refusals.Add($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}");
                    }
                }
                return response.StatusCode == HttpStatusCode.Created;
            }, cancellationToken);
            foreach (var member in members)
            {
                member.Client.Dispose();
            }
            var refused = string.Join("; ", refusals.GroupBy(r => r).Select(g => $"{g.Count()}× {g.Key}"));
            return new OrderFigures(orders, concurrency, raw.Elapsed, raw.Millis, placed.Elapsed, placed.Millis, placed.Failed, refused);
        }
        finally
        {
            Concurrently.TryDelete(state);
        }
    }

    private sealed record Member(HttpClient Client, string CartId);

    private static async Task<Member> PrepareMemberAsync(HttpClient api, string sku, CancellationToken cancellationToken)
    {
        var email = $"bench-{Guid.NewGuid():N}@bench.shop.local";
        const string password = "Bench-pass-1!";
        (await api.PostAsJsonAsync("/auth/register", new { email, password }, cancellationToken)).EnsureSuccessStatusCode();
        using var login = await api.PostAsJsonAsync("/auth/login", new { email, password }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var cart = await client.PostAsync("/carts", null, cancellationToken);
        var cartId = (await cart.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
        (await client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = 1 }, cancellationToken)).EnsureSuccessStatusCode();
        return new Member(client, cartId);
    }

    private static Task<HttpResponseMessage> PlaceAsync(Member member, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new
            {
                cartId = member.CartId,
                shippingAddress = new { name = "Bench", line1 = "Benchstrasse 1", city = "Berlin", postalCode = "10115", country = "DE" },
                shippingOption = "standard",
                payment = new { method = "card", token = "tok_approve" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return member.Client.SendAsync(request, cancellationToken);
    }

    private static TransactWriteItem Put(string table, string pk, string sk, string id) => new()
    {
        Put = new Put
        {
            TableName = table,
            Item = new() { ["PK"] = new AttributeValue(pk), ["SK"] = new AttributeValue(sk), ["id"] = new AttributeValue(id), ["type"] = new AttributeValue("Bench") },
            ConditionExpression = "attribute_not_exists(PK)",
        },
    };

    private static async Task<(TimeSpan Elapsed, Distribution Millis, int Failed)> TimeAsync<T>(IEnumerable<T> items, int concurrency, Func<T, Task<bool>> step, CancellationToken cancellationToken)
    {
        var millis = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Concurrently.ForEachAsync(items, concurrency, async item =>
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await step(item);
            lock (millis)
            {
                millis.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                failed += ok ? 0 : 1;
            }
            return ok;
        }, cancellationToken);
        return (clock.Elapsed, new Distribution(millis), failed);
    }
}
