using H3deMl.Core.Phantoms;
using H3deMl.Transforms.Targets;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>Small in-memory phantoms for pipeline tests.</summary>
internal static class Phantoms
{
    public static readonly PhantomOptions Small = new() { SizeI = 40, SizeJ = 40, SizeK = 32, NoiseStdDevHu = 5 };

    public static IDataView Generate(MLContext ml, int count = 2, int seed = 3) => ml.Data.GeneratePhantoms(count, seed, Small);

    /// <summary>Bit-exact equality of anchor targets.</summary>
    public static bool SameTargets(object expected, object actual) =>
        expected is AnchorTargets a && actual is AnchorTargets b
        && a.Classification.AsReadOnlySpan().SequenceEqual(b.Classification.AsReadOnlySpan())
        && a.Positives.Data.AsSpan().SequenceEqual(b.Positives.Data)
        && a.Offsets.AsReadOnlySpan().SequenceEqual(b.Offsets.AsReadOnlySpan())
        && a.Present.AsReadOnlySpan().SequenceEqual(b.Present.AsReadOnlySpan());
}
