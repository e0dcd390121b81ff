using Shop.Core.Common;

namespace Shop.Core.Search;

/// <summary>Autocomplete: completions of what a shopper has typed so far.</summary>
public sealed class SuggestProducts(IProductIndex index)
{
    public async Task<IReadOnlyList<Suggestion>> HandleAsync(string? prefix, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.When(prefix is { Length: > ProductIndexDefinition.MaxQueryLength }, "q", $"Must be at most {ProductIndexDefinition.MaxQueryLength} characters.");
        validation.When(SearchText.Words(prefix).Count > ProductIndexDefinition.MaxQueryWords, "q", $"Must be at most {ProductIndexDefinition.MaxQueryWords} words.");
        validation.ThrowIfAny();
        return string.IsNullOrWhiteSpace(prefix)
            ? []
            : await index.SuggestAsync(prefix.Trim(), ProductIndexDefinition.MaxSuggestions, cancellationToken);
    }
}
