using Microsoft.AspNetCore.Diagnostics;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Payments;
using Shop.Core.Identity;

namespace Shop.Api.Http;

/// <summary>
/// Turns the use cases' refusals into problems, so endpoints do not repeat the mapping; anything
/// else falls through to the generic 500 problem (logged with its stack, which never leaves).
/// </summary>
public sealed class DomainErrorHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        IResult? problem = exception switch
        {
            ValidationException validation => Problems.Validation(validation.Errors.ToDictionary(e => e.Key, e => e.Value)),
            InvalidCursorException => Paging.InvalidCursor(),
            NotFoundException notFound => Problems.NotFound(notFound.Message),
            ConflictException conflict => Problems.Conflict(conflict.Message),
            EmailTakenException taken => Problems.Conflict(taken.Message),
            InvalidCredentialsException invalid => Problems.Problem(StatusCodes.Status401Unauthorized, Problems.Types.InvalidCredentials, "Sign-in failed.", invalid.Message),
            UserBlockedException blocked => Problems.Problem(StatusCodes.Status403Forbidden, Problems.Types.UserBlocked, "This account is blocked.", blocked.Message),
            InsufficientStockException insufficient => Problems.InsufficientStock(insufficient.Message),
            IdempotencyKeyReusedException reused => Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.Types.IdempotencyKeyReused, "The Idempotency-Key was used for another request.", reused.Message),
            IdempotencyKeyInFlightException inFlight => InFlight(context, inFlight),
            CartNotOrderableException notOrderable => Problems.Problem(StatusCodes.Status409Conflict, Problems.Types.CartNotOrderable, "The cart cannot be ordered as it is.", notOrderable.Message),
            PromotionLimitReachedException limit => Problems.Problem(StatusCodes.Status409Conflict, Problems.Types.PromotionLimitReached, "A promotion code has been used up.", limit.Message),
            InvalidWebhookSignatureException invalid => Problems.Problem(StatusCodes.Status400BadRequest, Problems.Types.InvalidWebhookSignature, "The webhook's signature does not verify.", invalid.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        await problem.ExecuteAsync(context);
        return true;
    }

    private static IResult InFlight(HttpContext context, IdempotencyKeyInFlightException inFlight)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problems.Problem(StatusCodes.Status409Conflict, Problems.Types.IdempotencyKeyInFlight, "A request with this Idempotency-Key is in progress.", inFlight.Message);
    }
}
