namespace Shop.Adapters.DynamoDb;

/// <summary>The single table's name, resolved once at start.</summary>
public sealed record TableName(string Value);
