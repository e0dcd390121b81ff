namespace Shop.Lambda.Aws;

/// <summary>The <c>{}</c> that operations without output (SendTaskSuccess, ...) answer with.</summary>
internal sealed record AwsEmpty;
