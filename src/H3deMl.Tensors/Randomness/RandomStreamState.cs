namespace H3deMl.Tensors.Randomness;

/// <summary>The complete state of a <see cref="RandomStream"/>, for checkpoints that resume bit-identically.</summary>
/// <param name="Seed">The seed the stream was created from.</param>
/// <param name="S0">xoshiro256** state word 0.</param>
/// <param name="S1">xoshiro256** state word 1.</param>
/// <param name="S2">xoshiro256** state word 2.</param>
/// <param name="S3">xoshiro256** state word 3.</param>
/// <param name="HasSpareNormal">True when the second normal value of the last polar pair is pending.</param>
/// <param name="SpareNormal">That pending value (ignored when <paramref name="HasSpareNormal"/> is false).</param>
public sealed record RandomStreamState(ulong Seed, ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareNormal, double SpareNormal);
