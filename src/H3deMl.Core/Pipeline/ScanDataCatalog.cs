using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Pipeline;

/// <summary>Datasets of scans (<c>ml.Data</c>): loading from directories and manifests, in-memory scans, splits and
/// synthetic phantoms.</summary>
public sealed partial class ScanDataCatalog
{
    internal ScanDataCatalog(H3deContext context) => Context = context;

    /// <summary>The context the catalog belongs to (for extension methods).</summary>
    public H3deContext Context { get; }

    /// <summary>Creates a view of scans held in memory.</summary>
    /// <param name="scans">The scans: an id, a volume and (optionally) landmarks in LPS millimetres. Ids must be unique.</param>
    /// <returns>The view (rows already hold their volumes; <c>LoadVolume</c> leaves them as they are).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scans"/> or a volume is null.</exception>
    /// <exception cref="DatasetException">Two scans share an id, or landmark names differ between scans.</exception>
    public ScanDataView LoadFromEnumerable(IEnumerable<(string Id, Volume Volume, LandmarkSet? Landmarks)> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var rows = new List<ScanRow>();
        foreach ((string id, Volume volume, LandmarkSet? landmarks) in scans)
        {
            ArgumentNullException.ThrowIfNull(volume, nameof(scans));
            rows.Add(new ScanRow { Id = id, Volume = volume, Landmarks = landmarks, Source = ScanSource.InMemory });
        }

        return CreateView(rows);
    }

    /// <summary>Creates a view of volumes held in memory without landmarks (ids "case000", "case001", …).</summary>
    /// <param name="volumes">The volumes.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volumes"/> is null.</exception>
    public ScanDataView LoadFromEnumerable(IEnumerable<Volume> volumes)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        return LoadFromEnumerable(volumes.Select((v, i) => ($"case{i:D3}", v, (LandmarkSet?)null)));
    }

    /// <summary>Creates a view from rows built by the caller (ids, sources, optional volumes and landmarks).</summary>
    /// <param name="rows">The rows; ids must be unique.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="DatasetException">Two rows share an id, or landmark names differ between rows.</exception>
    public ScanDataView LoadFromRows(IEnumerable<ScanRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return CreateView([.. rows]);
    }

    /// <summary>Splits a dataset at random into a training and a test set.</summary>
    /// <param name="data">The dataset (usually untransformed).</param>
    /// <param name="testFraction">The fraction of rows in the test set, in [0, 1]; default 0.2. The count is rounded to the nearest integer.</param>
    /// <param name="seed">The seed of the shuffle; null derives it from the context seed.</param>
    /// <returns>The two views (disjoint; together they hold every row; each keeps the source order).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is outside [0, 1].</exception>
    public ScanSplit TrainTestSplit(ScanDataView data, double testFraction = 0.2, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(testFraction, nameof(testFraction));
        int[] order = Shuffle(data.Count, seed, "TrainTestSplit");
        int testCount = (int)Math.Round(data.Count * testFraction, MidpointRounding.AwayFromZero);
        var test = new HashSet<int>(order.Take(testCount));
        return new ScanSplit(Subset(data, i => !test.Contains(i)), Subset(data, test.Contains));
    }

    /// <summary>Splits a dataset at random into training, validation and test sets.</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="validationFraction">The fraction of rows for validation, in [0, 1]; default 0.15.</param>
    /// <param name="testFraction">The fraction of rows for testing, in [0, 1]; default 0.15. The two fractions sum to at most 1.</param>
    /// <param name="seed">The seed of the shuffle; null derives it from the context seed.</param>
    /// <returns>The three disjoint views.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1] or they sum to more than 1.</exception>
    public ScanThreeWaySplit TrainValidationTestSplit(ScanDataView data, double validationFraction = 0.15, double testFraction = 0.15, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(validationFraction, nameof(validationFraction));
        CheckFraction(testFraction, nameof(testFraction));
        if (validationFraction + testFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"validationFraction + testFraction = {validationFraction + testFraction} exceeds 1.");
        }

        int[] order = Shuffle(data.Count, seed, "TrainValidationTestSplit");
        int testCount = (int)Math.Round(data.Count * testFraction, MidpointRounding.AwayFromZero);
        int validationCount = Math.Min(data.Count - testCount, (int)Math.Round(data.Count * validationFraction, MidpointRounding.AwayFromZero));
        var test = new HashSet<int>(order.Take(testCount));
        var validation = new HashSet<int>(order.Skip(testCount).Take(validationCount));
        return new ScanThreeWaySplit(
            Subset(data, i => !test.Contains(i) && !validation.Contains(i)),
            Subset(data, validation.Contains),
            Subset(data, test.Contains));
    }

    internal ScanDataView CreateView(List<ScanRow> rows)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (ScanRow row in rows)
        {
            if (!ids.Add(row.Id))
            {
                throw new DatasetException($"Case '{row.Id}' appears twice in the dataset ({row.Source}); case ids must be unique.", row.Id, row.Source.ImagePath);
            }
        }

        IReadOnlyList<string> names = LandmarkNameCheck.SharedNames(rows);
        return new ScanDataView(Context, [.. rows], names, [], 0);
    }

    private static ScanDataView Subset(ScanDataView data, Func<int, bool> keep)
    {
        var indexed = data.SourceRows.Select((r, i) => (r, i)).Where(x => keep(x.i)).Select(x => x.r).ToHashSet(ReferenceEqualityComparer.Instance);
        return data.Where(r => indexed.Contains(r));
    }

    private int[] Shuffle(int count, int? seed, string component)
    {
        RandomStream random = seed is int s ? new RandomStream(unchecked((ulong)(uint)s)).Fork(component) : Context.CreateRandomStream(component).Stream;
        int[] order = [.. Enumerable.Range(0, count)];
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "The fraction must be in [0, 1].");
        }
    }
}
