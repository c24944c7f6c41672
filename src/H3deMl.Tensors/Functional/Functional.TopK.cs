using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// The <paramref name="k"/> largest (or smallest) values along <paramref name="axis"/>, sorted (largest first, or
    /// smallest first), with their indices; among equal values the lower index comes first. The values are
    /// differentiable; the indices are not.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or larger than the axis.</exception>
    public static (Tensor Values, IndexTensor Indices) TopK(Tensor x, int k, int axis = -1, bool largest = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a = TensorShape.NormalizeAxis(axis, x.Rank);
        if (k < 0 || k > x.ShapeArray[a]) throw new ArgumentOutOfRangeException(nameof(k), $"k = {k} is outside [0, {x.ShapeArray[a]}].");
        if (a != x.Rank - 1)
        {
            var p = new int[x.Rank];
            for (var i = 0; i < x.Rank; i++) p[i] = i;
            (p[a], p[^1]) = (p[^1], p[a]);
            var (v, idx) = TopK(x.Permute(p), k, -1, largest);
            // A swap is its own inverse: permute values and indices back the same way.
            return (v.Permute(p).Contiguous(), PermuteIndices(idx, p));
        }
        var src = x.Contiguous();
        var cols = x.ShapeArray[^1];
        var rows = cols == 0 ? 0 : x.Length / cols;
        var shape = (int[])x.ShapeArray.Clone();
        shape[^1] = k;
        var values = Tensor.Empty(shape);
        var indices = new int[values.Length];
        ParallelRange.For(rows, Math.Max(1, 16384 / Math.Max(cols, 1)),
            new TopKRows(src.Storage.Data, src.Offset, cols, k, largest, values.Storage.Data, values.Offset, indices));
        var indexTensor = new IndexTensor(indices, shape);
        return (Tensor.Record(values, new TopKNode(src, indexTensor)), indexTensor);
    }

    private static IndexTensor PermuteIndices(IndexTensor idx, int[] perm)
    {
        var shape = new int[idx.Rank];
        for (var i = 0; i < shape.Length; i++) shape[i] = idx.ShapeArray[perm[i]];
        var srcStrides = TensorShape.ContiguousStrides(idx.ShapeArray);
        var result = new int[idx.Data.Length];
        Span<int> pos = stackalloc int[shape.Length];
        for (var o = 0; o < result.Length; o++)
        {
            var off = 0;
            for (var d = 0; d < shape.Length; d++) off += pos[d] * srcStrides[perm[d]];
            result[o] = idx.Data[off];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++pos[d] < shape[d]) break;
                pos[d] = 0;
            }
        }
        return new IndexTensor(result, shape);
    }

    private readonly struct TopKRows(float[] x, int xo, int cols, int k, bool largest, float[] v, int vo, int[] idx) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var r = start; r < end; r++)
            {
                var row = x.AsSpan(xo + r * cols, cols);
                var vals = v.AsSpan(vo + r * k, k);
                var ids = idx.AsSpan(r * k, k);
                var count = 0;
                for (var i = 0; i < cols; i++)
                {
                    var val = row[i];
                    if (float.IsNaN(val)) continue;
                    if (count == k && !Better(val, vals[k - 1])) continue;
                    // Insert after every element at least as good (keeps lower indices first among ties).
                    var pos = count == k ? k - 1 : count;
                    while (pos > 0 && Better(val, vals[pos - 1]))
                    {
                        vals[pos] = vals[pos - 1];
                        ids[pos] = ids[pos - 1];
                        pos--;
                    }
                    vals[pos] = val;
                    ids[pos] = i;
                    if (count < k) count++;
                }
                for (var i = count; i < k; i++) { vals[i] = float.NaN; ids[i] = 0; }
            }
        }

        private bool Better(float a, float b) => largest ? a > b : a < b;
    }

    private sealed class TopKNode(Tensor x, IndexTensor indices) : GradNode(x)
    {
        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var input = Inputs[0]!;
            var cols = input.ShapeArray[^1];
            var k = indices.ShapeArray[^1];
            var dx = Tensor.Zeros(input.ShapeArray);
            var d = dx.AsSpan();
            var gc = g.Contiguous().AsReadOnlySpan();
            var rows = k == 0 ? 0 : gc.Length / k;
            for (var r = 0; r < rows; r++)
                for (var j = 0; j < k; j++)
                    d[r * cols + indices.Data[r * k + j]] += gc[r * k + j];
            grads[0] = dx;
        }
    }
}
