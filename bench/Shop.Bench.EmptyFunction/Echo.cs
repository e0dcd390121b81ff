using Shop.Lambda.Runtime;

namespace Shop.Bench.EmptyFunction;

/// <summary>Answers with the event it was given: no parsing, no allocation beyond what the loop does.</summary>
internal sealed class Echo : ILambdaHandler
{
    public const string HandlerName = "echo";

    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(payload);
}
