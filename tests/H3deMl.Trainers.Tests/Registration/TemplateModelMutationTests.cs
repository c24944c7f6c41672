using System.IO.Compression;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Registration;
using H3deMl.Trainers.Tests.Persistence;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Registration;

/// <summary>Seeded byte flips inside the template model's own entries (options, counts, hash, templates): every mutated
/// model loads or is refused with ML.NET's decode error, within an allocation budget.</summary>
public sealed class TemplateModelMutationTests
{
    private const int Cases = 120;
    private const long AllocationBudget = 64L << 20;

    [Fact]
    public void Load_MutatedEntries_LoadOrAreRefusedCleanly()
    {
        var ml = new MLContext(seed: 2);
        IDataView train = ml.Data.GeneratePhantoms(2, seed: 2, RegistrationKit.Phantom);
        TemplateRegistrationModel model = ml.Landmarks.Trainers.TemplateRegistration(RegistrationKit.Options() with { Surface = new() { Threshold = 300, MaxPoints = 200 }, FixedSurfacePoints = 400 }).Fit(train);
        string path = PersistenceKit.TempPath(".zip");
        ml.Model.Save(model, train.Schema, path);
        byte[] original = File.ReadAllBytes(path);
        var failures = new List<string>();
        for (int c = 0; c < Cases; c++)
        {
            byte[] mutated = Mutate(original, c % 2 == 0 ? "Model.key" : TemplateRegistrationModel.TemplatesEntryName, new RandomStream(23).Fork((ulong)c));
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                new MLContext().Model.Load(new MemoryStream(mutated), out _);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or EndOfStreamException or ArgumentException)
            {
            }
            catch (FileNotFoundException)
            {
                // ML.NET's own header check: a flipped byte in the loader assembly name names an assembly that is not there.
            }
            catch (Exception e)
            {
                failures.Add($"case {c}: {e.GetType().Name}: {e.Message}; innermost {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBudget + (4L * original.Length))
            {
                failures.Add($"case {c}: allocated {allocated >> 20} MB");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Flips 1–8 bytes of the template model's entry whose name ends with <paramref name="entryName"/>.</summary>
    private static byte[] Mutate(byte[] zipBytes, string entryName, RandomStream random)
    {
        var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            string folder = Assert.Single(zip.Entries, e => e.FullName.EndsWith(TemplateRegistrationModel.TemplatesEntryName, StringComparison.Ordinal)).FullName[..^TemplateRegistrationModel.TemplatesEntryName.Length];
            ZipArchiveEntry entry = zip.GetEntry(folder + entryName)!;
            byte[] bytes;
            using (var read = new MemoryStream())
            {
                using (Stream s = entry.Open())
                {
                    s.CopyTo(read);
                }

                bytes = read.ToArray();
            }

            for (int n = 1 + random.NextInt(8); n > 0; n--)
            {
                bytes[random.NextInt(bytes.Length)] ^= (byte)(1 + random.NextInt(255));
            }

            using Stream write = entry.Open();
            write.SetLength(0);
            write.Write(bytes);
        }

        return stream.ToArray();
    }
}
