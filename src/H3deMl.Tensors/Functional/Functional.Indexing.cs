using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's gather: out[…, i, …] = x[…, index[…, i, …], …] along <paramref name="axis"/>. The index has the output's
    /// shape and the same rank as x, and no larger than x on the other axes.
    /// </summary>
    /// <exception cref="ArgumentException">Rank or size mismatch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index outside the axis.</exception>
    public static Tensor Gather(Tensor x, int axis, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        var a = TensorShape.NormalizeAxis(axis, x.Rank);
        if (index.Rank != x.Rank) throw new ArgumentException($"Gather index rank {index.Rank} differs from the input rank {x.Rank}.", nameof(index));
        for (var i = 0; i < x.Rank; i++)
            if (i != a && index.ShapeArray[i] > x.ShapeArray[i])
                throw new ArgumentException($"Gather index {TensorShape.Format(index.ShapeArray)} is larger than the input {TensorShape.Format(x.ShapeArray)} on axis {i}.", nameof(index));
        var y = Tensor.Empty(index.ShapeArray);
        ForEachGather(x, a, index, (xOffset, yi) => y.Storage.Data[y.Offset + yi] = x.Storage.Data[xOffset]);
        return Tensor.Record(y, new GatherNode(x, a, index));
    }

    /// <summary>Visits every index element with the storage offset of the x element it selects and its row-major position.</summary>
    private static void ForEachGather(Tensor x, int axis, IndexTensor index, Action<int, int> visit)
    {
        var rank = x.Rank;
        Span<int> idx = stackalloc int[rank];
        var data = index.Data;
        var size = x.ShapeArray[axis];
        for (var i = 0; i < data.Length; i++)
        {
            var v = data[i];
            if ((uint)v >= (uint)size) throw new ArgumentOutOfRangeException(nameof(index), $"Gather index {v} is outside axis {axis} of size {size}.");
            var off = x.Offset;
            for (var d = 0; d < rank; d++) off += (d == axis ? v : idx[d]) * x.StridesArray[d];
            visit(off, i);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++idx[d] < index.ShapeArray[d]) break;
                idx[d] = 0;
            }
        }
    }

    private sealed class GatherNode(Tensor x, int axis, IndexTensor index) : GradNode(x)
    {
        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var input = Inputs[0]!;
            var dx = Tensor.Zeros(input.ShapeArray);
            var gc = g.Contiguous().AsReadOnlySpan().ToArray();
            // Offsets computed against dx's contiguous layout (same shape as x).
            var view = new Tensor(dx.Storage, 0, dx.ShapeArray, dx.StridesArray);
            ForEachGather(view, axis, index, (off, gi) => dx.Storage.Data[off] += gc[gi]);
            grads[0] = dx;
        }
    }

    /// <summary>
    /// Selects rows along axis 1 per batch: x is (N, P, …), index is (N, Q, K) with values in [0, P); the result is
    /// (N, Q, K, …) with result[n, q, k] = x[n, index[n, q, k]]. Used to gather routed attention windows.
    /// </summary>
    /// <exception cref="ArgumentException">Shape mismatch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index outside [0, P).</exception>
    public static Tensor BatchedIndexSelect(Tensor x, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        if (x.Rank < 2 || index.Rank != 3 || index.ShapeArray[0] != x.ShapeArray[0])
            throw new ArgumentException($"BatchedIndexSelect needs x (N, P, …) and index (N, Q, K); got {TensorShape.Format(x.ShapeArray)} and {TensorShape.Format(index.ShapeArray)}.");
        int n = x.ShapeArray[0], p = x.ShapeArray[1], q = index.ShapeArray[1], k = index.ShapeArray[2];
        foreach (var v in index.Data)
            if ((uint)v >= (uint)p) throw new ArgumentOutOfRangeException(nameof(index), $"Index {v} is outside [0, {p}).");
        var row = p == 0 ? 0 : x.Length / (n * p);
        var shape = new int[x.Rank + 1];
        shape[0] = n; shape[1] = q; shape[2] = k;
        for (var i = 2; i < x.Rank; i++) shape[i + 1] = x.ShapeArray[i];
        var xc = x.Contiguous();
        var y = Tensor.Empty(shape);
        ParallelRange.For(n * q * k, Math.Max(1, 4096 / Math.Max(row, 1)),
            new SelectRows(xc.Storage.Data, xc.Offset, y.Storage.Data, y.Offset, index.Data, p, q * k, row));
        return Tensor.Record(y, new BatchedIndexSelectNode(x, index, row));
    }

    private readonly struct SelectRows(float[] x, int xo, float[] y, int yo, int[] index, int p, int qk, int row) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var r = start; r < end; r++)
            {
                var batch = r / qk;
                Array.Copy(x, xo + (batch * p + index[r]) * row, y, yo + r * row, row);
            }
        }
    }

    private sealed class BatchedIndexSelectNode(Tensor x, IndexTensor index, int row) : GradNode(x)
    {
        private const int Columns = 1024;

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var input = Inputs[0]!;
            int n = input.ShapeArray[0], p = input.ShapeArray[1], qk = index.ShapeArray[1] * index.ShapeArray[2];
            var dx = Tensor.Zeros(input.ShapeArray);
            var gc = g.Contiguous();
            var chunks = (row + Columns - 1) / Columns;
            // Each (batch, column chunk) has one writer and adds rows in (q, k) order: deterministic.
            ParallelRange.For(n * chunks, 1, new ScatterRows(gc.Storage.Data, gc.Offset, dx.Storage.Data, index.Data, p, qk, row, chunks));
            grads[0] = dx;
        }

        private readonly struct ScatterRows(float[] g, int go, float[] dx, int[] index, int p, int qk, int row, int chunks) : IRangeOperation
        {
            public void Invoke(int start, int end)
            {
                for (var w = start; w < end; w++)
                {
                    var batch = w / chunks;
                    var c0 = w % chunks * Columns;
                    var len = Math.Min(Columns, row - c0);
                    for (var r = 0; r < qk; r++)
                    {
                        var src = g.AsSpan(go + (batch * qk + r) * row + c0, len);
                        var dst = dx.AsSpan((batch * p + index[batch * qk + r]) * row + c0, len);
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);
                    }
                }
            }
        }
    }
}
