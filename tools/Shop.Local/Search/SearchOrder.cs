using System.Globalization;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// A <see cref="SearchSort"/> as a Lucene sort, always ending on the product id so that no two
/// hits tie; and a hit's place in it as the strings of <see cref="SearchPosition"/>, turned back
/// into the <see cref="FieldDoc"/> that Lucene's searchAfter continues from. Because the id is
/// unique the document number in that <see cref="FieldDoc"/> never decides anything.
/// </summary>
internal sealed class SearchOrder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly Value[] _values;

    private SearchOrder(params (SortField Field, Value Value)[] keys)
    {
        Sort = new Sort([.. keys.Select(k => k.Field)]);
        _values = [.. keys.Select(k => k.Value)];
    }

    /// <summary>What a sort key's values are, for writing them into a position and reading them back.</summary>
    private enum Value { Score, Whole, Real, Id }

    public Sort Sort { get; }

    /// <summary>The order of <paramref name="sort"/>; relevance without words to score is newest first.</summary>
    public static SearchOrder For(SearchSort sort, bool scored) => sort switch
    {
        SearchSort.Relevance when scored => new((SortField.FIELD_SCORE, Value.Score), ById),
        SearchSort.Relevance or SearchSort.Newest => new(Whole(ProductFields.CreatedAt, c => c.CreatedAt, descending: true), ById),
        SearchSort.PriceAscending => new(Whole(ProductFields.MinPrice, c => c.MinPrice, descending: false), ById),
        SearchSort.PriceDescending => new(Whole(ProductFields.MinPrice, c => c.MinPrice, descending: true), ById),
        // Unrated products hold negative infinity: last when descending.
        SearchSort.Rating => new(
            (ColumnSorts.Double(ProductFields.Rating, c => c.Rating, descending: true), Value.Real),
            Whole(ProductFields.RatingCount, c => c.RatingCount, descending: true),
            ById),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Not a search order."),
    };

    public SearchPosition PositionOf(FieldDoc hit) =>
        new(hit.Fields.Select((value, i) => Format(_values[i], value)).ToList());

    /// <summary>The position as Lucene's "after"; a position of another order, or not one at all, is an <see cref="InvalidCursorException"/>.</summary>
    public FieldDoc After(SearchPosition position)
    {
        var values = position.SortValues;
        if (values is null || values.Count != _values.Length)
        {
            throw Invalid();
        }
        var fields = new object[_values.Length];
        for (var i = 0; i < _values.Length; i++)
        {
            fields[i] = Parse(_values[i], values[i]) ?? throw Invalid();
        }
        return new FieldDoc(int.MaxValue, float.NaN, fields);
    }

    private static (SortField, Value) ById => (ColumnSorts.Keyword(ProductFields.Id, c => c.Id), Value.Id);

    private static (SortField, Value) Whole(string field, Func<SegmentColumns, long[]> column, bool descending) =>
        (ColumnSorts.Int64(field, column, descending), Value.Whole);

    // Lucene reports numbers as J2N's boxed numbers and strings as UTF-8 bytes.
    private static string Format(Value kind, object value) => kind switch
    {
        Value.Score => ((J2N.Numerics.Single)value).ToSingle().ToString("R", Invariant),
        Value.Whole => ((J2N.Numerics.Int64)value).ToInt64().ToString(Invariant),
        Value.Real => ((J2N.Numerics.Double)value).ToDouble().ToString("R", Invariant),
        _ => ((BytesRef)value).Utf8ToString(),
    };

    private static object? Parse(Value kind, string? value) => (kind, value) switch
    {
        (_, null) => null,
        (Value.Score, _) => float.TryParse(value, NumberStyles.Float, Invariant, out var score) && float.IsFinite(score)
            ? J2N.Numerics.Single.GetInstance(score) : null,
        (Value.Whole, _) => long.TryParse(value, NumberStyles.AllowLeadingSign, Invariant, out var number)
            ? J2N.Numerics.Int64.GetInstance(number) : null,
        // Negative infinity is how an unrated product's place is written.
        (Value.Real, _) => double.TryParse(value, NumberStyles.Float, Invariant, out var real) && !double.IsNaN(real) && !double.IsPositiveInfinity(real)
            ? J2N.Numerics.Double.GetInstance(real) : null,
        _ => new BytesRef(value),
    };

    private static InvalidCursorException Invalid() => new("The search position does not fit this search's order.");
}
