using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Core.Tests.Builders;

/// <summary>A valid card authorization of 25.00 EUR for order o-1, until told otherwise.</summary>
public sealed class AuthorizePaymentBuilder
{
    private string _orderId = "o-1";
    private string _method = PaymentMethods.Card;
    private string _token = "tok_approve";
    private long _amount = 2500;
    private string _currency = "EUR";
    private string _idempotencyKey = "o-1:authorize";

    public static AuthorizePaymentBuilder AnAuthorization() => new();

    public AuthorizePaymentBuilder WithOrder(string orderId)
    {
        _orderId = orderId;
        return this;
    }

    public AuthorizePaymentBuilder WithMethod(string method)
    {
        _method = method;
        return this;
    }

    public AuthorizePaymentBuilder WithToken(string token)
    {
        _token = token;
        return this;
    }

    public AuthorizePaymentBuilder WithAmount(long amount)
    {
        _amount = amount;
        return this;
    }

    public AuthorizePaymentBuilder WithCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    public AuthorizePaymentBuilder WithKey(string idempotencyKey)
    {
        _idempotencyKey = idempotencyKey;
        return this;
    }

    public AuthorizePayment Build() => new(_orderId, _method, _token, _amount, _currency, _idempotencyKey);
}
