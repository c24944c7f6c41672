using H3deMl.Tensors.Randomness;
using H3deMl.Tensors.Serialization;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>Seeded mutation of a model zip (issue 15): every mutated file either loads or is refused with a format
/// error; none crashes the loader with an unexpected exception, hangs, or allocates without bound.</summary>
public sealed class ModelMutationFuzzTests
{
    private const int Cases = 150;
    private const long AllocationBudget = 64L << 20;

    [Fact]
    public void Load_SeededMutationsOfAModelZip_LoadOrAreRefusedCleanly()
    {
        byte[] original = File.ReadAllBytes(PersistenceKit.ZipPath);
        var failures = new List<string>();
        for (int c = 0; c < Cases; c++)
        {
            byte[] mutated = Mutate(original, new RandomStream(17).Fork((ulong)c));
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                new MLContext().Model.Load(new MemoryStream(mutated), out _);
            }
            catch (Exception e) when (IsFormatError(e))
            {
            }
            catch (Exception e)
            {
                failures.Add($"case {c}: {e.GetType().Name}: {e.Message} innermost {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message} {e.GetBaseException().StackTrace}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBudget + (2L * mutated.Length))
            {
                failures.Add($"case {c}: allocated {allocated >> 20} MB for a {mutated.Length >> 10} KB file");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>ML.NET's decode and format errors, and ours.</summary>
    private static bool IsFormatError(Exception e) =>
        e is InvalidOperationException or FormatException or InvalidDataException or ModelFormatException or EndOfStreamException
            or ArgumentException or NotSupportedException;

    /// <summary>One of: a few flipped bytes, a truncation, a run of zeros, or a duplicated block.</summary>
    private static byte[] Mutate(byte[] original, RandomStream random)
    {
        byte[] bytes = [.. original];
        switch (random.NextInt(4))
        {
            case 0:
                for (int n = 1 + random.NextInt(8); n > 0; n--)
                {
                    bytes[random.NextInt(bytes.Length)] ^= (byte)(1 + random.NextInt(255));
                }

                return bytes;
            case 1:
                return bytes[..random.NextInt(bytes.Length)];
            case 2:
                int start = random.NextInt(bytes.Length);
                Array.Clear(bytes, start, Math.Min(bytes.Length - start, 1 + random.NextInt(4096)));
                return bytes;
            default:
                int from = random.NextInt(bytes.Length), length = Math.Min(bytes.Length - from, 1 + random.NextInt(2048));
                return [.. bytes[..from], .. bytes.AsSpan(from, length), .. bytes[from..]];
        }
    }
}
