using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>Constants, shapes, reshaping, axis insertion and removal, transposition, broadcasting, joining, splitting, slicing and casts.</summary>
internal static class ShapeOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("Constant", ConstantKernel);
        r.Add("ConstantOfShape", ConstantOfShape);
        r.Add("Shape", c =>
        {
            var start = c.Int("start", 0);
            var end = c.Has("end") ? c.Int("end", 0) : (long?)null;
            return (i, o) =>
            {
                var s = i[0]!.ShapeArray;
                int lo = (int)Math.Clamp(start < 0 ? start + s.Length : start, 0, s.Length);
                int hi = (int)Math.Clamp(end is { } e ? (e < 0 ? e + s.Length : e) : s.Length, 0, s.Length);
                var r = new long[Math.Max(0, hi - lo)];
                for (var k = 0; k < r.Length; k++) r[k] = s[lo + k];
                o[0] = OnnxValue.FromInt64(r, r.Length);
            };
        });
        r.Add("Size", _ => (i, o) => o[0] = OnnxValue.FromInt64([i[0]!.Length]));
        r.Add("Reshape", c =>
        {
            var allowZero = c.Int("allowzero", 0) != 0;
            return (i, o) => o[0] = ValueHelpers.Reshape(i[0]!, ReshapeTarget(i[0]!.ShapeArray, i[1]!.AsIntegers(), allowZero, i[0]!.Length));
        });
        r.Add("Flatten", c =>
        {
            var axis = c.Int("axis", 1);
            return (i, o) =>
            {
                var s = i[0]!.ShapeArray;
                var a = axis < 0 ? axis + s.Length : axis;
                if (a < 0 || a > s.Length) throw new OnnxModelException($"Flatten axis {axis} is outside the rank {s.Length}.");
                long outer = 1;
                for (var k = 0; k < a; k++) outer *= s[k];
                o[0] = ValueHelpers.Reshape(i[0]!, [(int)outer, (int)(outer == 0 ? 0 : i[0]!.Length / outer)]);
            };
        });
        r.Add("Unsqueeze", c =>
        {
            var attr = c.Ints("axes");
            return (i, o) =>
            {
                var axes = attr ?? i[1]!.AsIntegers();
                var x = i[0]!;
                var rank = x.Rank + axes.Length;
                var inserted = new bool[rank];
                foreach (var a in axes)
                {
                    var n = ValueHelpers.Axis(a, rank);
                    if (inserted[n]) throw new OnnxModelException($"Unsqueeze repeats axis {a}.");
                    inserted[n] = true;
                }
                var shape = new int[rank];
                for (int k = 0, src = 0; k < rank; k++) shape[k] = inserted[k] ? 1 : x.ShapeArray[src++];
                o[0] = ValueHelpers.Reshape(x, shape);
            };
        });
        r.Add("Squeeze", c =>
        {
            var attr = c.Ints("axes");
            return (i, o) =>
            {
                var x = i[0]!;
                var axes = attr ?? (i.Length > 1 && i[1] is { } v ? v.AsIntegers() : null);
                var drop = new bool[x.Rank];
                if (axes is null)
                    for (var k = 0; k < x.Rank; k++) drop[k] = x.ShapeArray[k] == 1;
                else
                    foreach (var a in axes)
                    {
                        var n = ValueHelpers.Axis(a, x.Rank);
                        if (x.ShapeArray[n] != 1) throw new OnnxModelException($"Squeeze axis {a} has size {x.ShapeArray[n]}, not 1.");
                        drop[n] = true;
                    }
                var shape = new List<int>();
                for (var k = 0; k < x.Rank; k++) if (!drop[k]) shape.Add(x.ShapeArray[k]);
                o[0] = ValueHelpers.Reshape(x, [.. shape]);
            };
        });
        r.Add("Transpose", c =>
        {
            var perm = c.SmallInts("perm");
            return (i, o) =>
            {
                var x = i[0]!;
                var p = perm ?? Enumerable.Range(0, x.Rank).Reverse().ToArray();
                if (p.Length != x.Rank || p.Distinct().Count() != p.Length || p.Any(a => a < 0 || a >= x.Rank))
                    throw new OnnxModelException($"Transpose perm [{string.Join(", ", p)}] is not a permutation of the {x.Rank} axes.");
                var strides = ValueHelpers.Strides(x);
                o[0] = ValueHelpers.View(x, 0, p.Select(a => x.ShapeArray[a]).ToArray(), p.Select(a => strides[a]).ToArray());
            };
        });
        r.Add("Expand", _ => (i, o) =>
        {
            var x = i[0]!;
            var target = ValueHelpers.CheckedShape(i[1]!.AsIntegers(), "Expand");
            var shape = Broadcasting.Shape(x.ShapeArray, target);
            ValueHelpers.CheckedShape(shape.Select(v => (long)v).ToArray(), "Expand");
            if (x.IsFloat) o[0] = OnnxValue.FromTensor(Broadcasting.ExpandView(x.Tensor, shape));
            else
            {
                var map = Broadcasting.SourceIndices(shape, x.ShapeArray);
                var r = new long[map.Length];
                for (var k = 0; k < r.Length; k++) r[k] = x.Integers[map[k]];
                o[0] = OnnxValue.FromIntegers(x.Kind, r, shape);
            }
        });
        r.Add("Concat", c =>
        {
            if (!c.Has("axis")) throw c.Unsupported("the axis attribute is required.");
            var axis = c.Int("axis", 0);
            return (i, o) =>
            {
                var present = i.Where(v => v is not null).Select(v => v!).ToArray();
                var nonEmpty = present.Where(v => v.Length > 0).ToArray();
                o[0] = Concat(nonEmpty.Length > 0 ? nonEmpty : present, axis);
            };
        });
        r.Add("Split", Split);
        r.Add("Slice", _ => Slice);
        r.Add("Cast", c =>
        {
            var to = (TensorDataType)c.Int("to", 0);
            var kind = to switch
            {
                TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16 => OnnxElementKind.Float32,
                TensorDataType.Int64 or TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8 or TensorDataType.UInt8 => OnnxElementKind.Int64,
                TensorDataType.Bool => OnnxElementKind.Bool,
                _ => throw c.Unsupported($"casting to {to} is not supported."),
            };
            return (i, o) => o[0] = Cast(i[0]!, kind, to);
        });
        r.Add("Range", _ => (i, o) =>
        {
            OnnxValue start = i[0]!, limit = i[1]!, delta = i[2]!;
            if (start.IsFloat)
            {
                float s = start.Tensor.Contiguous().AsReadOnlySpan()[0], l = limit.AsFloatTensor().Contiguous().AsReadOnlySpan()[0], d = delta.AsFloatTensor().Contiguous().AsReadOnlySpan()[0];
                var n = (int)Math.Max(0, Math.Min(TensorProtoDecoding.MaxElements, Math.Ceiling((l - s) / (double)d)));
                var f = new float[n];
                for (var k = 0; k < n; k++) f[k] = s + k * d;
                o[0] = OnnxValue.FromTensor(Tensor.Wrap(f, n));
                return;
            }
            long si = start.Integers[0], li = limit.Integers[0], di = delta.Integers[0];
            if (di == 0) throw new OnnxModelException("Range delta is zero.");
            var count = (int)Math.Max(0, Math.Min(TensorProtoDecoding.MaxElements, Math.Ceiling((li - si) / (double)di)));
            var v = new long[count];
            for (var k = 0; k < count; k++) v[k] = si + k * di;
            o[0] = OnnxValue.FromInt64(v, count);
        });
    }

    private static OnnxKernel ConstantKernel(OnnxNodeContext c)
    {
        OnnxValue value;
        if (c.TensorAttribute("value") is { } t) value = TensorProtoDecoding.Decode(t, c.BaseDirectory);
        else if (c.Has("value_float")) value = OnnxValue.FromTensor(Tensor.Scalar(c.Float("value_float", 0)));
        else if (c.Floats("value_floats") is { } fs) value = OnnxValue.FromTensor(Tensor.FromArray(fs, fs.Length));
        else if (c.Has("value_int")) value = OnnxValue.FromInt64([c.Int("value_int", 0)]);
        else if (c.Ints("value_ints") is { } vs) value = OnnxValue.FromInt64(vs, vs.Length);
        else throw c.Unsupported("only value, value_float(s) and value_int(s) constants are supported.");
        return (_, o) => o[0] = value;
    }

    private static OnnxKernel ConstantOfShape(OnnxNodeContext c)
    {
        var fill = c.TensorAttribute("value") is { } t ? TensorProtoDecoding.Decode(t, c.BaseDirectory) : OnnxValue.FromTensor(Tensor.Scalar(0f));
        if (fill.Length != 1) throw c.Unsupported("the value attribute must hold one element.");
        return (i, o) =>
        {
            var shape = ValueHelpers.CheckedShape(i[0]!.AsIntegers(), "ConstantOfShape");
            if (fill.IsFloat) o[0] = OnnxValue.FromTensor(Tensor.Full(fill.Tensor.Contiguous().AsReadOnlySpan()[0], shape));
            else
            {
                var r = new long[TensorShape.Count(shape)];
                Array.Fill(r, fill.Integers[0]);
                o[0] = OnnxValue.FromIntegers(fill.Kind, r, shape);
            }
        };
    }

    private static int[] ReshapeTarget(int[] input, long[] target, bool allowZero, long length)
    {
        var shape = new long[target.Length];
        var infer = -1;
        long known = 1;
        for (var k = 0; k < target.Length; k++)
        {
            var d = target[k];
            if (d == 0 && !allowZero)
            {
                if (k >= input.Length) throw new OnnxModelException($"Reshape copies axis {k}, which the input of rank {input.Length} lacks.");
                d = input[k];
            }
            if (d == -1)
            {
                if (infer >= 0) throw new OnnxModelException("Reshape has more than one −1.");
                infer = k;
                continue;
            }
            if (d < 0) throw new OnnxModelException($"Reshape dimension {d} is negative.");
            shape[k] = d;
            known *= d;
        }
        if (infer >= 0)
        {
            if (known == 0 || length % known != 0) throw new OnnxModelException($"cannot reshape {length} elements to [{string.Join(", ", target)}].");
            shape[infer] = length / known;
        }
        return ValueHelpers.CheckedShape(shape, "Reshape");
    }

    internal static OnnxValue Concat(OnnxValue[] parts, long axis)
    {
        if (parts.Length == 0) throw new OnnxModelException("Concat has no inputs.");
        var rank = parts[0].Rank;
        var a = ValueHelpers.Axis(axis, rank);
        if (parts.All(p => p.IsFloat)) return OnnxValue.FromTensor(parts.Length == 1 ? parts[0].Tensor : Functional.Concat(parts.Select(p => p.Tensor).ToArray(), a));
        var shape = (int[])parts[0].ShapeArray.Clone();
        shape[a] = parts.Sum(p => p.ShapeArray[a]);
        var outer = 1;
        for (var k = 0; k < a; k++) outer *= shape[k];
        var r = new long[TensorShape.Count(shape)];
        var pos = 0;
        for (var o = 0; o < outer; o++)
            foreach (var p in parts)
            {
                var block = (int)(p.Length / Math.Max(outer, 1));
                Array.Copy(p.AsIntegers(), o * block, r, pos, block);
                pos += block;
            }
        return OnnxValue.FromIntegers(parts[0].Kind, r, shape);
    }

    private static OnnxKernel Split(OnnxNodeContext c)
    {
        var axis = c.Int("axis", 0);
        var attrSplit = c.Ints("split");
        var numOutputs = c.Has("num_outputs") ? c.Int("num_outputs", 0) : c.OutputCount;
        var outputs = c.OutputCount;
        return (i, o) =>
        {
            var x = i[0]!;
            var a = ValueHelpers.Axis(axis, x.Rank);
            var size = x.ShapeArray[a];
            long[] sizes;
            if (attrSplit is not null) sizes = attrSplit;
            else if (i.Length > 1 && i[1] is { } s) sizes = s.AsIntegers();
            else
            {
                var chunk = (size + numOutputs - 1) / numOutputs;
                sizes = new long[outputs];
                for (var k = 0; k < outputs; k++) sizes[k] = Math.Max(0, Math.Min(chunk, size - k * chunk));
            }
            if (sizes.Length != outputs || sizes.Sum() != size || sizes.Any(v => v < 0))
                throw new OnnxModelException($"Split sizes [{string.Join(", ", sizes)}] do not divide axis {a} of size {size} into {outputs} outputs.");
            var strides = ValueHelpers.Strides(x);
            var start = 0;
            for (var k = 0; k < outputs; k++)
            {
                var shape = (int[])x.ShapeArray.Clone();
                shape[a] = (int)sizes[k];
                o[k] = ValueHelpers.View(x, start * strides[a], shape, strides);
                start += (int)sizes[k];
            }
        };
    }

    private static void Slice(OnnxValue?[] i, OnnxValue?[] o)
    {
        var x = i[0]!;
        var starts = i[1]!.AsIntegers();
        var ends = i[2]!.AsIntegers();
        var axes = i.Length > 3 && i[3] is { } ax ? ax.AsIntegers() : Enumerable.Range(0, starts.Length).Select(v => (long)v).ToArray();
        var steps = i.Length > 4 && i[4] is { } st ? st.AsIntegers() : Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw new OnnxModelException("Slice starts, ends, axes and steps differ in length.");
        var shape = (int[])x.ShapeArray.Clone();
        var strides = ValueHelpers.Strides(x);
        var outStrides = (int[])strides.Clone();
        var offset = 0;
        for (var k = 0; k < starts.Length; k++)
        {
            var a = ValueHelpers.Axis(axes[k], x.Rank);
            long dim = x.ShapeArray[a], step = steps[k];
            if (step == 0) throw new OnnxModelException("Slice step is zero.");
            long s = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            long count;
            if (step > 0)
            {
                s = Math.Clamp(s, 0, dim);
                e = Math.Clamp(e, 0, dim);
                count = e > s ? (e - s + step - 1) / step : 0;
            }
            else
            {
                s = Math.Clamp(s, -1, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
                count = s > e ? (s - e + (-step) - 1) / -step : 0;
            }
            shape[a] = (int)count;
            if (count > 0) offset += (int)s * strides[a];
            outStrides[a] = (int)(strides[a] * step);
        }
        o[0] = ValueHelpers.View(x, offset, shape, outStrides);
    }

    private static OnnxValue Cast(OnnxValue x, OnnxElementKind kind, TensorDataType to)
    {
        if (kind == OnnxElementKind.Float32) return OnnxValue.FromTensor(x.AsFloatTensor());
        var v = x.AsIntegers();
        var r = new long[v.Length];
        for (var k = 0; k < r.Length; k++)
            r[k] = kind == OnnxElementKind.Bool ? (v[k] != 0 ? 1 : 0) : to switch
            {
                TensorDataType.Int32 => (int)v[k],
                TensorDataType.Int16 => (short)v[k],
                TensorDataType.Int8 => (sbyte)v[k],
                TensorDataType.UInt8 => (byte)v[k],
                _ => v[k],
            };
        if (x.IsFloat && kind == OnnxElementKind.Bool)
        {
            var f = x.Tensor.Contiguous().AsReadOnlySpan();
            for (var k = 0; k < r.Length; k++) r[k] = f[k] != 0 ? 1 : 0;
        }
        return OnnxValue.FromIntegers(kind, r, x.ShapeArray);
    }
}
