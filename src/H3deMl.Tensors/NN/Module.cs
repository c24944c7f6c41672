using System.Text;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Tensors.NN;

/// <summary>
/// The base of every network part: it owns named parameters and named sub-modules, so that each parameter has a dotted
/// path such as <c>stages.2.3.attn.qkv.weight</c>, the same key PyTorch's <c>state_dict</c> uses for the same module tree.
/// </summary>
/// <remarks>
/// <para>A module registers its parameters and children in its constructor with <see cref="RegisterParameter"/> and
/// <see cref="RegisterModule{T}"/>. <see cref="NamedParameters"/> lists a module's own parameters first, in registration
/// order, then each child's in registration order, depth first — PyTorch's order, so a state dict written by either
/// side lists the keys in the same sequence.</para>
/// <para>Modules that compute something derive from <see cref="Module{TInput, TOutput}"/>; this base only holds the
/// tree. A new module is in training mode.</para>
/// </remarks>
public abstract partial class Module
{
    private readonly List<KeyValuePair<string, ModuleParameter>> _parameters = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The total number of parameter elements in this module and its descendants.</summary>
    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (var p in Parameters()) n += p.Length;
            return n;
        }
    }

    /// <summary>Registers a trainable tensor under <paramref name="name"/> and marks it as requiring a gradient.</summary>
    /// <param name="name">The local name (e.g. "weight"): not empty, no '.', unique among this module's parameters and children.</param>
    /// <param name="tensor">A contiguous leaf tensor in garbage-collected storage (not created inside a <see cref="TensorScope"/>).</param>
    /// <returns>The parameter wrapping <paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, contains a dot or is taken; or the tensor is not a contiguous leaf, or lives in scope-pooled storage.</exception>
    protected ModuleParameter RegisterParameter(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        if (!tensor.IsLeaf)
            throw new ArgumentException($"Parameter '{name}' must be a leaf tensor; pass a detached copy (Detach() or Clone() under GradMode.NoGrad()).", nameof(tensor));
        if (!tensor.IsContiguous || tensor.Offset != 0 || tensor.Storage.Length != tensor.Length)
            throw new ArgumentException($"Parameter '{name}' must own contiguous storage; pass a tensor created by Tensor.Zeros/FromArray/Wrap or a Contiguous() copy.", nameof(tensor));
        if (tensor.Storage.IsPooled)
            throw new ArgumentException($"Parameter '{name}' was created inside a TensorScope, whose storage is recycled when the scope ends; create parameters outside any scope.", nameof(tensor));
        tensor.RequiresGrad = true;
        var p = new ModuleParameter(tensor);
        _names.Add(name);
        _parameters.Add(new(name, p));
        return p;
    }

    /// <summary>Registers <paramref name="module"/> as a child named <paramref name="name"/>.</summary>
    /// <typeparam name="T">The child's type.</typeparam>
    /// <param name="name">The local name (e.g. "attn", or "0" in a list): not empty, no '.', unique among this module's parameters and children.</param>
    /// <param name="module">The child; it must not be this module.</param>
    /// <returns><paramref name="module"/>, for assignment to a field.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, contains a dot or is taken, or the module is this module.</exception>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        if (ReferenceEquals(module, this))
            throw new ArgumentException($"A module cannot be its own child ('{name}').", nameof(module));
        _names.Add(name);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>Every parameter of this module and its descendants with its dotted path, in state-dict order.</summary>
    /// <returns>Pairs of path (e.g. "downsample_layers.0.0.weight") and parameter.</returns>
    public IEnumerable<(string Name, ModuleParameter Parameter)> NamedParameters()
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, p) in module._parameters)
                yield return (prefix.Length == 0 ? name : prefix + "." + name, p);
    }

    /// <summary>Every parameter of this module and its descendants, in state-dict order.</summary>
    /// <returns>The parameters.</returns>
    public IEnumerable<ModuleParameter> Parameters()
    {
        foreach (var (_, p) in NamedParameters()) yield return p;
    }

    /// <summary>This module (with the empty path) and every descendant with its dotted path, parents before children.</summary>
    /// <returns>Pairs of path and module.</returns>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var stack = new Stack<(string, Module)>();
        stack.Push((string.Empty, this));
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var (path, module) = stack.Pop();
            if (!seen.Add(module)) continue; // a module shared by two parents is listed once, as in PyTorch
            yield return (path, module);
            for (var i = module._children.Count - 1; i >= 0; i--)
            {
                var (name, child) = module._children[i];
                stack.Push((path.Length == 0 ? name : path + "." + name, child));
            }
        }
    }

    /// <summary>The direct children with their local names, in registration order.</summary>
    /// <returns>Pairs of name and module.</returns>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var (name, child) in _children) yield return (name, child);
    }

    /// <summary>Switches this module and all descendants to training mode (or evaluation mode when <paramref name="training"/> is false).</summary>
    /// <param name="training">True for training mode.</param>
    /// <returns>This module.</returns>
    public Module Train(bool training = true)
    {
        foreach (var (_, m) in NamedModules()) m.IsTraining = training;
        return this;
    }

    /// <summary>Switches this module and all descendants to evaluation mode.</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradient of every parameter (sets it to null, which the next backward pass recreates).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>The parameters by dotted path, in state-dict order. The tensors are the live parameter values, not copies.</summary>
    /// <returns>An ordered read-only dictionary.</returns>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) d.Add(name, p.Value);
        return d;
    }

    /// <summary>Copies the values of <paramref name="stateDict"/> into the parameters with the same paths.</summary>
    /// <param name="stateDict">Tensors by dotted path; shapes must match the parameters exactly.</param>
    /// <param name="strict">True (the default) to require the keys to match exactly.</param>
    /// <returns>The keys that did not match (both lists are empty after a strict load).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stateDict"/> is null.</exception>
    /// <exception cref="StateDictMismatchException">
    /// A shape differs (strict or not, as in PyTorch), or, when strict, a key is missing or unexpected. The message lists
    /// every problem with shapes. Nothing is copied when it is thrown.
    /// </exception>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true) =>
        LoadStateDict(stateDict, strict, "(state dict)");

    internal StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict, string source)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var own = NamedParameters().ToList();
        var ownNames = new HashSet<string>(own.Select(p => p.Name), StringComparer.Ordinal);
        var missing = new List<string>();
        var mismatched = new List<StateDictMismatchException.ShapeMismatch>();
        var toCopy = new List<(ModuleParameter Target, Tensor Source)>();
        foreach (var (name, p) in own)
        {
            if (!stateDict.TryGetValue(name, out var t)) { missing.Add(name); continue; }
            ArgumentNullException.ThrowIfNull(t, $"{nameof(stateDict)}[\"{name}\"]");
            if (!t.Shape.SequenceEqual(p.Shape))
                mismatched.Add(new(name, p.Shape.ToArray(), t.Shape.ToArray()));
            else
                toCopy.Add((p, t));
        }
        var unexpected = stateDict.Keys.Where(k => !ownNames.Contains(k)).ToList();

        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var reportMissing = strict ? missing : [];
            var reportUnexpected = strict ? unexpected : [];
            throw new StateDictMismatchException(source, FormatMismatch(source, GetType().Name, reportMissing, reportUnexpected, mismatched, stateDict),
                reportMissing, reportUnexpected, mismatched);
        }

        foreach (var (target, src) in toCopy)
            src.CopyStridedTo(target.Value.AsSpan());
        return new StateDictLoadResult(missing, unexpected);
    }

    private static string FormatMismatch(string source, string moduleType, List<string> missing, List<string> unexpected,
        List<StateDictMismatchException.ShapeMismatch> mismatched, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var sb = new StringBuilder();
        sb.Append(source).Append(": the parameters do not fit ").Append(moduleType).Append(" (")
          .Append(missing.Count).Append(" missing, ").Append(unexpected.Count).Append(" unexpected, ")
          .Append(mismatched.Count).Append(" with another shape); nothing was loaded.");
        foreach (var m in mismatched)
            sb.Append("\n  shape mismatch: ").Append(m.Key).Append(" is ").Append(TensorShape.Format(m.ExpectedShape.ToArray()))
              .Append(" in the module but ").Append(TensorShape.Format(m.FoundShape.ToArray())).Append(" in the file");
        foreach (var k in missing)
            sb.Append("\n  missing: ").Append(k);
        foreach (var k in unexpected)
            sb.Append("\n  unexpected: ").Append(k).Append(' ').Append(TensorShape.Format(stateDict[k].ShapeArray));
        if (missing.Count > 0 || unexpected.Count > 0)
            sb.Append("\nCheck that the file was written for this network and configuration, or load with strict: false to skip missing and unexpected keys.");
        return sb.ToString();
    }

    private void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
            throw new ArgumentException("A parameter or module name cannot be empty.", nameof(name));
        if (name.Contains('.'))
            throw new ArgumentException($"The name '{name}' contains a '.', which separates path components; use another name.", nameof(name));
        if (_names.Contains(name))
            throw new ArgumentException($"{GetType().Name} already has a parameter or module named '{name}'.", nameof(name));
    }
}
