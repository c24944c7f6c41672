using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;

namespace H3deMl.Onnx.Scoring;

/// <summary>
/// An ONNX model loaded for scoring on the H3deMl engine (no native runtime): a graph interpreter over the operator
/// set that PyTorch and H3deMl's exporter emit for 3D U-Net-style and attention networks.
/// </summary>
/// <remarks>
/// <para>Loading validates everything it can before any input is seen: the default-domain opset
/// (<see cref="MinimumOpset"/>–<see cref="MaximumOpset"/>), every node's domain and operator, the attributes each
/// operator supports, and that every value is defined before it is used. Nodes whose inputs are all constants are
/// folded into constants at load time.</para>
/// <para>Running plans memory by last use: each intermediate value is released, and its buffer returned to the engine's
/// pool, right after its last reader ran. The shape arithmetic that exporters emit for dynamic axes
/// (Shape → Gather → Concat → Reshape chains) is computed once per distinct input shape and then skipped.</para>
/// <para>Instances are safe for concurrent <see cref="Run(IReadOnlyDictionary{string, OnnxValue}, CancellationToken)"/> calls.</para>
/// </remarks>
public sealed class OnnxNetwork
{
    /// <summary>The oldest default-domain opset accepted (Softmax, Split, Squeeze, Unsqueeze and ReduceSum take their opset-13 forms).</summary>
    public const long MinimumOpset = 13;

    /// <summary>The newest default-domain opset accepted (operators whose inputs moved, like Reduce* axes in 18, are read in both forms).</summary>
    public const long MaximumOpset = 21;

    private readonly PlanStep[] _steps;
    private readonly OnnxValue?[] _constants;
    private readonly Dictionary<string, int> _slots;
    private readonly int[] _inputSlots;
    private readonly int[] _outputSlots;
    private readonly Dictionary<string, OnnxValue?[]> _shapeCache = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    private OnnxNetwork(ModelProto model, string? baseDirectory)
    {
        var graph = model.Graph ?? throw new OnnxModelException("the model has no graph.");
        var opset = model.DefaultOpsetVersion() ?? throw new OnnxModelException("the model imports no opset of the default domain (ai.onnx).");
        if (opset < MinimumOpset || opset > MaximumOpset)
            throw new OnnxModelException($"the model uses opset {opset} of the default domain (ai.onnx); the interpreter supports opsets {MinimumOpset} to {MaximumOpset}.");
        Opset = opset;
        Metadata = model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        _slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var constants = new List<OnnxValue?>();
        int Slot(string name)
        {
            if (!_slots.TryGetValue(name, out var s))
            {
                s = _slots.Count;
                _slots[name] = s;
                constants.Add(null);
            }
            return s;
        }
        UsesExternalData = graph.Initializer.Any(t => t.DataLocation == TensorDataLocation.External);
        foreach (var init in graph.Initializer)
        {
            if (init.Name.Length == 0) throw new OnnxModelException("an initializer has no name.");
            constants[Slot(init.Name)] = TensorProtoDecoding.Decode(init, baseDirectory);
        }
        var inputs = new List<OnnxTensorInfo>();
        var inputSlots = new List<int>();
        var defined = new HashSet<string>(_slots.Keys, StringComparer.Ordinal);
        foreach (var v in graph.Input)
        {
            if (_slots.ContainsKey(v.Name)) continue; // an initializer listed as input (IR < 4): a constant here
            inputs.Add(Describe(v));
            inputSlots.Add(Slot(v.Name));
            defined.Add(v.Name);
        }
        if (inputs.Count == 0) throw new OnnxModelException("the graph has no inputs.");
        Inputs = inputs;
        _inputSlots = [.. inputSlots];

        var steps = new List<PlanStep>();
        var shapeOnly = new HashSet<int>();
        var registry = OperatorRegistry.Default;
        OnnxValue? ConstantOf(string name) => _slots.TryGetValue(name, out var s) ? constants[s] : null;
        using (GradMode.NoGrad())
        {
            foreach (var node in graph.Node)
            {
                var context = new OnnxNodeContext(node, opset, ConstantOf, baseDirectory ?? ".");
                if (node.Domain is not ("" or "ai.onnx"))
                    throw context.Unsupported($"domain '{node.Domain}' is not supported; the interpreter runs the default domain (ai.onnx) only.");
                if (!registry.TryGet(node.OpType, out _))
                    throw context.Unsupported($"operator {node.OpType} is not supported by the interpreter (supported: {string.Join(", ", registry.Names)}).");
            }
            var initializers = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            foreach (var t in graph.Initializer) initializers[t.Name] = constants[_slots[t.Name]]!;
            foreach (var node in GraphFusion.Apply(graph, initializers, baseDirectory))
            {
                var context = new OnnxNodeContext(node, opset, ConstantOf, baseDirectory ?? ".");
                Func<OnnxNodeContext, OnnxKernel> factory = node.Domain == GraphFusion.Domain
                    ? c => GraphFusion.Kernel(c, ConstantOf)
                    : registry.TryGet(node.OpType, out var f) ? f : throw context.Unsupported("unsupported operator.");
                foreach (var name in node.Input)
                    if (name.Length > 0 && !defined.Contains(name))
                        throw context.Unsupported($"input '{name}' is not defined before this node (the graph must be topologically sorted).");
                OnnxKernel kernel;
                try
                {
                    kernel = factory(context);
                }
                catch (Exception e) when (e is not OnnxModelException)
                {
                    throw context.Unsupported(e.Message);
                }
                var inSlots = node.Input.Select(n => n.Length == 0 ? -1 : Slot(n)).ToArray();
                var outSlots = node.Output.Select(n => n.Length == 0 ? -1 : Slot(n)).ToArray();
                foreach (var n in node.Output) if (n.Length > 0) defined.Add(n);
                var allConstant = inSlots.All(s => s < 0 || constants[s] is not null);
                if (allConstant)
                {
                    // Constant folding: run the node now and keep its outputs as constants.
                    var outs = Execute(context.Describe, kernel, inSlots.Select(s => s < 0 ? null : constants[s]).ToArray(), outSlots.Length);
                    for (var k = 0; k < outSlots.Length; k++)
                        if (outSlots[k] >= 0) constants[outSlots[k]] = outs[k];
                    continue;
                }
                var isShapeOnly = node.OpType is "Shape" or "Size" || inSlots.All(s => s < 0 || constants[s] is not null || shapeOnly.Contains(s));
                if (isShapeOnly) foreach (var s in outSlots) if (s >= 0) shapeOnly.Add(s);
                steps.Add(new PlanStep(context.Describe, kernel, inSlots, outSlots, isShapeOnly));
            }
        }
        var outputs = new List<OnnxTensorInfo>();
        var outputSlots = new List<int>();
        foreach (var v in graph.Output)
        {
            if (!defined.Contains(v.Name)) throw new OnnxModelException($"graph output '{v.Name}' is not produced by any node.");
            outputs.Add(Describe(v));
            outputSlots.Add(_slots[v.Name]);
        }
        Outputs = outputs;
        _outputSlots = [.. outputSlots];
        _constants = [.. constants];
        _steps = [.. steps];
        PlanLifetimes();
    }

    /// <summary>The default-domain opset the model imports.</summary>
    public long Opset { get; }

    /// <summary>The graph inputs (initializers excluded).</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The model's metadata_props (key → value).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when initializers were read from external data files next to the model.</summary>
    public bool UsesExternalData { get; }

    /// <summary>The number of nodes left to run after constant folding.</summary>
    public int NodeCount => _steps.Length;

    /// <summary>The operators of the default domain the interpreter runs.</summary>
    public static IReadOnlyList<string> SupportedOperators => OperatorRegistry.Default.Names;

    /// <summary>Loads a model file; external tensor data is read from files next to it.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX protobuf, or exceeds <paramref name="limits"/>.</exception>
    /// <exception cref="OnnxModelException">The model uses an operator, opset or attribute the interpreter does not support.</exception>
    public static OnnxNetwork Load(string path, OnnxReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var model = ModelProto.ReadFile(path, limits);
        try
        {
            return new OnnxNetwork(model, Path.GetDirectoryName(Path.GetFullPath(path)));
        }
        catch (OnnxModelException e)
        {
            throw new OnnxModelException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Loads a model from a stream (external tensor data is refused: there is no folder to read it from).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX protobuf.</exception>
    /// <exception cref="OnnxModelException">The model uses an operator, opset or attribute the interpreter does not support.</exception>
    public static OnnxNetwork Load(Stream stream, OnnxReadLimits? limits = null) => new(ModelProto.ReadFrom(stream, limits), null);

    /// <summary>Prepares an already parsed model.</summary>
    /// <exception cref="OnnxModelException">The model uses an operator, opset or attribute the interpreter does not support.</exception>
    public static OnnxNetwork FromModel(ModelProto model, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new OnnxNetwork(model, baseDirectory);
    }

    /// <summary>Runs the graph on a single float input and returns every output as a float tensor.</summary>
    /// <exception cref="OnnxModelException">The graph has several inputs, or the input does not fit it.</exception>
    public IReadOnlyDictionary<string, Tensor> Run(Tensor input, CancellationToken cancellationToken = default)
    {
        if (Inputs.Count != 1) throw new OnnxModelException($"the graph has {Inputs.Count} inputs; name them.");
        var r = Run(new Dictionary<string, OnnxValue> { [Inputs[0].Name] = OnnxValue.FromTensor(input) }, cancellationToken);
        return r.ToDictionary(p => p.Key, p => p.Value.AsFloatTensor(), StringComparer.Ordinal);
    }

    /// <summary>Runs the graph on named inputs and returns every graph output by name.</summary>
    /// <exception cref="OnnxModelException">A missing or unexpected input, an input that contradicts the declared shape, or a node that fails (named in the message).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between two nodes.</exception>
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
            if (!Inputs.Any(i => i.Name == name)) throw new OnnxModelException($"the graph has no input '{name}' (inputs: {string.Join(", ", Inputs.Select(i => i.Name))}).");
        var values = (OnnxValue?[])_constants.Clone();
        var signature = new System.Text.StringBuilder();
        for (var k = 0; k < Inputs.Count; k++)
        {
            var info = Inputs[k];
            if (!inputs.TryGetValue(info.Name, out var v)) throw new OnnxModelException($"input '{info.Name}' is missing.");
            CheckInput(info, v);
            values[_inputSlots[k]] = v;
            signature.Append(v.Kind).Append(TensorShape.Format(v.ShapeArray)).Append(';');
        }
        OnnxValue?[]? cached;
        lock (_cacheLock) _shapeCache.TryGetValue(signature.ToString(), out cached);
        var record = cached is null ? new OnnxValue?[values.Length] : null;
        if (cached is not null)
            for (var s = 0; s < cached.Length; s++)
                if (cached[s] is { } c) values[s] = c;

        var external = new HashSet<TensorStorage>(ReferenceEqualityComparer.Instance);
        foreach (var v in values) if (v is { IsFloat: true }) external.Add(v.Tensor.Storage);
        var live = new Dictionary<TensorStorage, int>(ReferenceEqualityComparer.Instance);
        using var noGrad = GradMode.NoGrad();
        using var scope = new TensorScope();
        foreach (var step in _steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.ShapeOnly && cached is not null) continue;
            var args = new OnnxValue?[step.Inputs.Length];
            for (var k = 0; k < args.Length; k++) args[k] = step.Inputs[k] < 0 ? null : values[step.Inputs[k]];
            var outs = Execute(step.Description, step.Kernel, args, step.Outputs.Length);
            for (var k = 0; k < step.Outputs.Length; k++)
            {
                var slot = step.Outputs[k];
                if (slot < 0 || outs[k] is not { } v) continue;
                values[slot] = v;
                if (v.IsFloat) live[v.Tensor.Storage] = live.GetValueOrDefault(v.Tensor.Storage) + 1;
                if (record is not null && step.ShapeOnly) record[slot] = Detached(v);
            }
            foreach (var slot in step.Releases)
            {
                if (values[slot] is { IsFloat: true } dead)
                {
                    var storage = dead.Tensor.Storage;
                    if (live.TryGetValue(storage, out var n))
                    {
                        if (n <= 1)
                        {
                            live.Remove(storage);
                            if (!external.Contains(storage)) storage.Discard();
                        }
                        else live[storage] = n - 1;
                    }
                }
                values[slot] = null;
            }
        }
        if (record is not null)
            lock (_cacheLock) _shapeCache.TryAdd(signature.ToString(), record);
        var result = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        for (var k = 0; k < Outputs.Count; k++)
        {
            var v = values[_outputSlots[k]] ?? throw new OnnxModelException($"graph output '{Outputs[k].Name}' was not produced.");
            result[Outputs[k].Name] = v.IsFloat ? OnnxValue.FromTensor(Escape(scope, v.Tensor)) : v;
        }
        return result;
    }

    /// <summary>A contiguous tensor whose storage outlives the run's scope.</summary>
    private static Tensor Escape(TensorScope scope, Tensor t)
    {
        var c = t.Contiguous();
        if (c.Offset != 0 || c.Storage.Data.Length != c.Length || c.Storage.IsPooled)
            c = Tensor.Wrap(c.ToArray(), c.ShapeArray);
        return scope.Keep(c);
    }

    /// <summary>A copy that no scope owns (for values cached across runs).</summary>
    private static OnnxValue Detached(OnnxValue v) => v.IsFloat ? OnnxValue.FromTensor(Tensor.Wrap(v.Tensor.ToArray(), v.ShapeArray)) : v;

    private static OnnxValue?[] Execute(string description, OnnxKernel kernel, OnnxValue?[] args, int outputCount)
    {
        var outs = new OnnxValue?[outputCount];
        try
        {
            kernel(args, outs);
        }
        catch (OnnxModelException e)
        {
            throw new OnnxModelException($"{description}: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or OverflowException)
        {
            throw new OnnxModelException($"{description} failed on inputs ({string.Join(", ", args.Select(a => a?.ToString() ?? "none"))}): {e.Message}", e);
        }
        return outs;
    }

    private void PlanLifetimes()
    {
        var lastUse = new int[_constants.Length];
        Array.Fill(lastUse, -1);
        for (var i = 0; i < _steps.Length; i++)
            foreach (var s in _steps[i].Inputs)
                if (s >= 0) lastUse[s] = i;
        var keep = new bool[_constants.Length];
        foreach (var s in _outputSlots) keep[s] = true;
        for (var s = 0; s < keep.Length; s++) if (_constants[s] is not null) keep[s] = true;
        var releases = new List<int>[_steps.Length];
        for (var i = 0; i < _steps.Length; i++) releases[i] = [];
        for (var s = 0; s < lastUse.Length; s++)
            if (lastUse[s] >= 0 && !keep[s]) releases[lastUse[s]].Add(s);
        // Outputs nobody reads die right after the step that made them.
        for (var i = 0; i < _steps.Length; i++)
            foreach (var s in _steps[i].Outputs)
                if (s >= 0 && lastUse[s] < 0 && !keep[s]) releases[i].Add(s);
        for (var i = 0; i < _steps.Length; i++) _steps[i].Releases = [.. releases[i].Distinct()];
    }

    private static void CheckInput(OnnxTensorInfo info, OnnxValue v)
    {
        if (info.Kind != v.Kind) throw new OnnxModelException($"input '{info.Name}' must hold {info.Kind} elements, not {v.Kind}.");
        if (info.Dimensions is not { } dims) return;
        if (dims.Count != v.Rank) throw new OnnxModelException($"input '{info.Name}' must have rank {dims.Count}; got shape {TensorShape.Format(v.ShapeArray)}.");
        for (var a = 0; a < dims.Count; a++)
            if (dims[a] is { } d && d != v.ShapeArray[a])
                throw new OnnxModelException($"input '{info.Name}' must have size {d} on axis {a}; got shape {TensorShape.Format(v.ShapeArray)}.");
    }

    private static OnnxTensorInfo Describe(ValueInfoProto v)
    {
        var t = v.Type?.TensorType;
        var kind = t?.ElemType switch
        {
            null or TensorDataType.Undefined or TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16 => OnnxElementKind.Float32,
            TensorDataType.Bool => OnnxElementKind.Bool,
            TensorDataType.Int64 or TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8 or TensorDataType.UInt8 => OnnxElementKind.Int64,
            var other => throw new OnnxModelException($"graph value '{v.Name}' has element type {other}, which the interpreter does not support."),
        };
        IReadOnlyList<long?>? dims = t?.Shape is { } s ? s.Dims.Select(d => d.Value).ToArray() : null;
        return new OnnxTensorInfo(v.Name, kind, dims);
    }
}
