using H3deMl.TestKit;
using H3deMl.Core.IO;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO;

/// <summary>Corrupted files of every format must fail with a <see cref="VolumeFormatException"/> naming the file (or read
/// successfully), never with IndexOutOfRange, OutOfMemory, overflow or another unexpected exception.</summary>
public sealed class CorruptionFuzzTests
{
    public static TheoryData<string> Extensions => new() { ".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd", ".npy" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Read_RandomlyCorruptedOrTruncated_OnlyVolumeFormatException(string extension)
    {
        using var dir = new TempDirectory();
        string clean = Path.Combine(dir.Path, "clean" + extension);
        Volume v = RoundTripTests.MakeOblique(components: 1);
        v.Write(clean);
        string headerPath = clean;
        string? dataPath = extension switch
        {
            ".nhdr" => Path.Combine(dir.Path, "clean.raw"),
            ".mhd" => Path.Combine(dir.Path, "clean.zraw"),
            _ => null,
        };
        byte[] originalHeader = File.ReadAllBytes(headerPath);
        byte[]? originalData = dataPath is null ? null : File.ReadAllBytes(dataPath);
        int outcomesRead = 0, outcomesThrown = 0;
        var random = new Random(12345 + extension.Length);
        var failures = new List<string>();
        for (int trial = 0; trial < 150; trial++)
        {
            // For detached formats, every other trial corrupts the data file and restores the header.
            bool corruptData = originalData is not null && trial % 2 == 1;
            string target = corruptData ? dataPath! : headerPath;
            File.WriteAllBytes(headerPath, originalHeader);
            if (originalData is not null)
            {
                File.WriteAllBytes(dataPath!, originalData);
            }

            byte[] original = corruptData ? originalData! : originalHeader;
            byte[] bytes = (byte[])original.Clone();
            int kind = trial % 3;
            if (kind == 0)
            {
                bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            }
            else
            {
                // Corrupt the first 600 bytes (the header) more often than the rest.
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    int at = kind == 1 ? random.Next(Math.Min(600, bytes.Length)) : random.Next(bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                }
            }

            File.WriteAllBytes(target, bytes);
            try
            {
                Volume.Read(headerPath);
                outcomesRead++;
            }
            catch (VolumeFormatException e)
            {
                outcomesThrown++;
                if (!e.Message.Contains("clean", StringComparison.Ordinal))
                {
                    failures.Add($"trial {trial}: message does not name the file: {e.Message}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"trial {trial}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));

        // The corruptions must actually exercise the error paths.
        Assert.True(outcomesThrown >= 50, $"only {outcomesThrown} of 150 corruptions were rejected ({outcomesRead} read)");
    }
}
