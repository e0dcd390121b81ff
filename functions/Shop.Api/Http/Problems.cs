using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Api.Http;

/// <summary>
/// Every error the API answers with, as RFC 9457 problem documents whose <c>type</c> is stable:
/// clients branch on it, never on the title or detail wording.
/// </summary>
public static class Problems
{
    public static class Types
    {
        private const string Prefix = "urn:shop:problem:";
        public const string Validation = Prefix + "validation";
        public const string MalformedJson = Prefix + "malformed-json";
        public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
        public const string PayloadTooLarge = Prefix + "payload-too-large";
        public const string Unauthorized = Prefix + "unauthorized";
        public const string InvalidCredentials = Prefix + "invalid-credentials";
        public const string Forbidden = Prefix + "forbidden";
        public const string UserBlocked = Prefix + "user-blocked";
        public const string NotFound = Prefix + "not-found";
        public const string MethodNotAllowed = Prefix + "method-not-allowed";
        public const string Conflict = Prefix + "conflict";
        public const string InsufficientStock = Prefix + "insufficient-stock";
        public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
        public const string IdempotencyKeyInFlight = Prefix + "idempotency-key-in-flight";
        public const string CartNotOrderable = Prefix + "cart-not-orderable";
        public const string PromotionLimitReached = Prefix + "promotion-limit-reached";
        public const string InvalidWebhookSignature = Prefix + "invalid-webhook-signature";
        public const string Internal = Prefix + "internal";
    }

    /// <summary>400 naming each offending field by its JSON path (<c>variants[0].price.amount</c>).</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are not valid.", type: Types.Validation, title: "The request is not valid.");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult MalformedJson(string detail) =>
        Problem(StatusCodes.Status400BadRequest, Types.MalformedJson, "The body is not valid JSON.", detail);

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, Types.UnsupportedMediaType, "The body must be application/json.", null);

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, Types.PayloadTooLarge, "The body is too large.", $"Bodies are limited to {limit} bytes.");

    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, Types.NotFound, "Not found.", what);

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, Types.Conflict, "The request conflicts with the current state.", detail);

    public static ProblemHttpResult InsufficientStock(string detail) =>
        Problem(StatusCodes.Status409Conflict, Types.InsufficientStock, "Not enough stock.", detail);

    public static ProblemHttpResult Forbidden(string? detail = null) =>
        Problem(StatusCodes.Status403Forbidden, Types.Forbidden, "Forbidden.", detail);

    public static ProblemHttpResult Problem(int status, string type, string title, string? detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail });
}
