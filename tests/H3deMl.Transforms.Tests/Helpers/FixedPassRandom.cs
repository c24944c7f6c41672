namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>A <see cref="Random"/> for cursors that fixes the pass every H3deMl step draws (<see cref="NextInt64()"/>)
/// while the row order (drawn with <see cref="Next(int)"/>) follows its own seed.</summary>
internal sealed class FixedPassRandom(long pass, int orderSeed) : Random
{
    private readonly Random _order = new(orderSeed);

    public override long NextInt64() => pass;

    public override int Next(int maxValue) => _order.Next(maxValue);

    public override int Next() => _order.Next();

    public override int Next(int minValue, int maxValue) => _order.Next(minValue, maxValue);

    public override double NextDouble() => _order.NextDouble();
}
