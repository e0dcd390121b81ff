using Shop.Core.Checkout;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>
/// The sandbox has no challenge page and no bank: the shopper's return stands for passing the
/// 3-D Secure challenge (<c>tok_3ds_fail</c> still fails) or for the transfer arriving. Local and
/// test use only; a real provider's return only reads the outcome (<see cref="ProviderPaymentActionReturn"/>).
/// </summary>
public sealed class SandboxPaymentActionReturn(SandboxPaymentGateway sandbox) : IPaymentActionReturn
{
    public async Task<PaymentAuthorization> ReturnAsync(string paymentId, CancellationToken cancellationToken)
    {
        var payment = await sandbox.GetAsync(paymentId, cancellationToken);
        return payment.Status switch
        {
            PaymentStatus.RequiresAction => await sandbox.CompleteActionAsync(paymentId, succeed: true, cancellationToken),
            PaymentStatus.AwaitingTransfer => await sandbox.ConfirmTransferAsync(paymentId, cancellationToken),
            _ => payment,
        };
    }
}

/// <summary>A real provider: the shopper finished the challenge on the provider's page; ask how the payment stands.</summary>
public sealed class ProviderPaymentActionReturn(IPaymentGateway gateway) : IPaymentActionReturn
{
    public Task<PaymentAuthorization> ReturnAsync(string paymentId, CancellationToken cancellationToken) => gateway.GetAsync(paymentId, cancellationToken);
}
