using H3deMl.TestKit;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Tests.IO;

namespace H3deMl.Core.Tests.Landmarks;

/// <summary>Corrupted landmark files fail with <see cref="LandmarkFormatException"/> naming the file, or read; never
/// with another exception.</summary>
public sealed class LandmarkCorruptionFuzzTests
{
    public static TheoryData<string> Extensions => new() { ".mrk.json", ".fcsv", ".csv" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Read_RandomlyCorrupted_OnlyLandmarkFormatException(string extension)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "clean" + extension);
        new LandmarkSet([new Landmark("a", new Vector3d(1, 2, 3), true), new Landmark("b", new Vector3d(-4.5, 0, 1e3), true)]).Write(path);
        byte[] original = File.ReadAllBytes(path);
        const string Alphabet = "{}[],:\"#=\n 0123456789.-eEaznRASLP";
        var random = new Random(99 + extension.Length);
        var failures = new List<string>();
        int thrown = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            if (trial % 4 == 0)
            {
                bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            }
            else
            {
                for (int f = 0; f < 1 + random.Next(3); f++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)Alphabet[random.Next(Alphabet.Length)];
                }
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                LandmarkSet.Read(path);
            }
            catch (LandmarkFormatException e)
            {
                thrown++;
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
        Assert.True(thrown >= 20, $"only {thrown} of 200 corruptions were rejected");
    }
}
