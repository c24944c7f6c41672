using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Common;

/// <summary>Seeds of random steps, drawn from the ML.NET environment when a pipeline is built: the same
/// <c>MLContext</c> seed and the same pipeline give the same seeds.</summary>
internal static class RandomSeeds
{
    public static ulong Next(IHostEnvironment environment) => (ulong)environment.Register("RandomStep").Rand.NextInt64();
}
