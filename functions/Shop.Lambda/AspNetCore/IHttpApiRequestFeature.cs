using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// The API Gateway event behind the current request and the Lambda invocation that carried it,
/// for endpoints that need what HTTP alone does not say (authorizer claims, stage, route key).
/// Absent when the app runs on Kestrel.
/// </summary>
public interface IHttpApiRequestFeature
{
    HttpApiRequest Request { get; }
    LambdaContext LambdaContext { get; }
}

public sealed class HttpApiRequestFeature(HttpApiRequest request, LambdaContext lambdaContext) : IHttpApiRequestFeature
{
    public HttpApiRequest Request { get; } = request;
    public LambdaContext LambdaContext { get; } = lambdaContext;
}
