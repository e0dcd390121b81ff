using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.Checkout;

internal static class CheckoutReport
{
    public static string Render(CheckoutFigures figures)
    {
        var rounds = new MarkdownTable("round", "checkouts placed", "refused by the order form", "confirmed", "failed (out of stock)", "failed (other)", "held for review (approved)", "units", "stock left", "placements retried", "seconds");
        foreach (var r in figures.Rounds)
        {
            rounds.Row(Integer(r.Round), Integer(r.Placed), Integer(r.RefusedAtPlacement), Integer(r.Confirmed), Integer(r.FailedOutOfStock), Integer(r.FailedOtherwise), Integer(r.HeldForReview), Integer(figures.Units), Integer(r.StockLeft), Integer(r.Retries), Number(r.Elapsed.TotalSeconds));
        }
        var happy = figures.HappyPaths;
        var wall = happy.Sum(h => h.Wall.TotalMilliseconds) / Math.Max(1, happy.Count);
        var task = happy.Sum(h => h.TaskTime.TotalMilliseconds) / Math.Max(1, happy.Count);
        var paths = new MarkdownTable("happy-path orders", "state transitions each", "saga wall ms (without the warehouse wait)", "sum of task ms (baseline)", "wall vs tasks")
            .Row(Integer(happy.Count), string.Join(", ", happy.Select(h => h.StateTransitions).Distinct()), Number(wall), Number(task), Ratio(wall, task));
        return $"### Checkout saga: {figures.Checkouts} checkouts for {figures.Units} units per round, {figures.Concurrency} in flight, buyers drawn from {figures.Members} members\n\n{rounds}\n{paths}\n";
    }
}
