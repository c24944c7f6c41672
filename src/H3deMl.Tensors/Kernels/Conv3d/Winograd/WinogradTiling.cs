namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// A run of <see cref="Count"/> consecutive output tiles along x, starting at tile <see cref="Tx0"/> of tile row
/// (<see cref="Tz"/>, <see cref="Ty"/>), occupying lanes <see cref="Lane"/> .. <see cref="Lane"/> + Count − 1 of its block.
/// </summary>
internal readonly record struct WinogradSegment(int Tz, int Ty, int Tx0, int Count, int Lane);

/// <summary>
/// Cuts a D×H×W output into 2×2×2 tiles and groups them into blocks of at most <see cref="Lanes"/> tiles, one GEMM
/// column panel each. Tiles of one tile row (fixed tz, ty) are consecutive along x; a block holds whole rows when a
/// row has at most <see cref="Lanes"/> tiles, else one segment of at most <see cref="Lanes"/> tiles of one row, so
/// every segment lies inside its block's lanes.
/// </summary>
internal readonly struct WinogradTiling
{
    /// <summary>Tiles per block: the column width of the 8×32 micro-kernel.</summary>
    internal const int Lanes = 32;

    /// <summary>
    /// Floats between consecutive transformed elements of a [64][rows][Lanes] buffer: one cache line more than the
    /// rows need, so the 64 elements of one tile (written or read together) do not all fall into the same L1 set.
    /// </summary>
    internal static long ElementStride(int rows) => (long)rows * Lanes + 16;

    internal WinogradTiling(int d, int h, int w)
    {
        D = d;
        H = h;
        W = w;
        Tz = (d + 1) / 2;
        Ty = (h + 1) / 2;
        Tx = (w + 1) / 2;
        RowsPerBlock = Tx <= Lanes ? Lanes / Tx : 1;
        SegmentsPerRow = Tx <= Lanes ? 1 : (Tx + Lanes - 1) / Lanes;
    }

    internal int D { get; }
    internal int H { get; }
    internal int W { get; }
    internal int Tz { get; }
    internal int Ty { get; }
    internal int Tx { get; }
    internal int RowsPerBlock { get; }
    internal int SegmentsPerRow { get; }

    private int Rows => Tz * Ty;

    /// <summary>The number of blocks.</summary>
    internal int Blocks => SegmentsPerRow > 1 ? Rows * SegmentsPerRow : (Rows + RowsPerBlock - 1) / RowsPerBlock;

    /// <summary>The number of segments of <paramref name="block"/>.</summary>
    internal int SegmentCount(int block) =>
        SegmentsPerRow > 1 ? 1 : Math.Min(RowsPerBlock, Rows - block * RowsPerBlock);

    /// <summary>Segment <paramref name="index"/> of <paramref name="block"/>.</summary>
    internal WinogradSegment Segment(int block, int index)
    {
        if (SegmentsPerRow > 1)
        {
            var row = block / SegmentsPerRow;
            var tx0 = block % SegmentsPerRow * Lanes;
            return new WinogradSegment(row / Ty, row % Ty, tx0, Math.Min(Lanes, Tx - tx0), 0);
        }
        var r = block * RowsPerBlock + index;
        return new WinogradSegment(r / Ty, r % Ty, 0, Tx, index * Tx);
    }
}
