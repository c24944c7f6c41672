using H3deMl.Core.Data;
using H3deMl.Core.Phantoms;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Pipeline;

public sealed partial class ScanDataCatalog
{
    /// <summary>Creates a view of synthetic skull phantoms, generated lazily when their rows are enumerated (see <see cref="PhantomGenerator"/>).</summary>
    /// <param name="count">The number of phantoms, in [1, 100000].</param>
    /// <param name="options">The options; null for the defaults (80×80×64 voxels of about 1 mm).</param>
    /// <returns>The view; ids are "phantom000", "phantom001", …. Case n depends only on the context seed, n, and how many
/// phantom views this context created before (each call forks a new stream: "Phantoms", "Phantoms#1", …), not on the
/// count or on what else is enumerated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or an option is out of range.</exception>
    public ScanDataView GeneratePhantoms(int count, PhantomOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        options ??= new PhantomOptions();
        options.Validate();
        RandomStream stream = Context.CreateRandomStream("Phantoms").Stream;
        var rows = new ScanRow[count];
        for (int n = 0; n < count; n++)
        {
            RandomStream caseStream = stream.Fork((ulong)n);
            rows[n] = new ScanRow
            {
                Id = $"phantom{n:D3}",
                Source = new ScanSource
                {
                    Kind = ScanSourceKind.Generated,
                    Generator = ct =>
                    {
                        (Volumes.Volume volume, Landmarks.LandmarkSet landmarks) = PhantomGenerator.Generate(options, caseStream, ct);
                        return (volume, landmarks);
                    },
                },
            };
        }

        return new ScanDataView(Context, rows, PhantomGenerator.LandmarkNames, [], 0);
    }
}
