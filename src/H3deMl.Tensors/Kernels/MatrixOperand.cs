namespace H3deMl.Tensors.Kernels;

/// <summary>
/// A batch of row-major matrices as GEMM sees them: a buffer, whether the stored matrix is the transpose of the
/// logical one, its leading dimension and the distance between consecutive matrices (0 broadcasts one matrix).
/// Transposed views of contiguous tensors (e.g. Kᵀ in attention) are used in place, without a copy.
/// </summary>
internal readonly record struct MatrixOperand(float[] Data, int Offset, bool Transposed, int LeadingDimension, int BatchStride, int Rows, int Cols)
{
    /// <summary>Describes the last two axes of <paramref name="t"/> (copying it only when no GEMM layout fits).</summary>
    internal static MatrixOperand From(Tensor t, out Tensor storageOwner)
    {
        var rank = t.Rank;
        int rows = t.ShapeArray[rank - 2], cols = t.ShapeArray[rank - 1];
        var matrix = rows * cols;
        if (t.IsContiguous)
        {
            storageOwner = t;
            return new MatrixOperand(t.Storage.Data, t.Offset, false, Math.Max(cols, 1), rank > 2 ? matrix : 0, rows, cols);
        }
        if (IsTransposedContiguous(t))
        {
            storageOwner = t;
            return new MatrixOperand(t.Storage.Data, t.Offset, true, Math.Max(rows, 1), rank > 2 ? matrix : 0, rows, cols);
        }
        var c = t.Contiguous().Detach();
        storageOwner = c;
        return new MatrixOperand(c.Storage.Data, c.Offset, false, Math.Max(cols, 1), rank > 2 ? matrix : 0, rows, cols);
    }

    private static bool IsTransposedContiguous(Tensor t)
    {
        var rank = t.Rank;
        var s = t.StridesArray;
        int rows = t.ShapeArray[rank - 2], cols = t.ShapeArray[rank - 1];
        if (s[rank - 2] != 1 || s[rank - 1] != rows) return false;
        var expected = rows * cols;
        for (var i = rank - 3; i >= 0; i--)
        {
            if (t.ShapeArray[i] != 1 && s[i] != expected) return false;
            expected *= t.ShapeArray[i];
        }
        return true;
    }

    internal ReadOnlySpan<float> Span => Data.AsSpan(Offset);
}
