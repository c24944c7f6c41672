namespace H3deMl.Tensors.Autograd;

/// <summary>
/// Runs the recorded graph backwards in reverse topological order. Each node's saved tensors are released right after
/// its backward runs, and gradient buffers that only the backward pass referenced go back to the pool as soon as their
/// last consumer has run.
/// </summary>
internal static class AutogradEngine
{
    internal static void Run(Tensor root, Tensor? gradient)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward() was called on a tensor that does not require a gradient.");
        if (gradient is null)
        {
            if (root.Length != 1)
                throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor; this one has shape {TensorShape.Format(root.ShapeArray)}.");
            gradient = Tensor.Ones(root.ShapeArray);
        }
        else if (!TensorShape.SameShape(gradient.Shape, root.Shape))
        {
            throw new ArgumentException($"The gradient has shape {TensorShape.Format(gradient.ShapeArray)} but the tensor has {TensorShape.Format(root.ShapeArray)}.", nameof(gradient));
        }

        using var noGrad = GradMode.NoGrad();
        var wasInBackward = TensorStorage.t_inBackward;
        TensorStorage.t_inBackward = true;
        try
        {
            RunGraph(root, gradient);
        }
        finally
        {
            TensorStorage.t_inBackward = wasInBackward;
        }
    }

    private static void RunGraph(Tensor root, Tensor gradient)
    {
        if (root.Node is null)
        {
            AccumulateLeaf(root, gradient);
            return;
        }

        var order = TopologicalOrder(root.Node);
        var pending = new Dictionary<GradNode, Tensor>(ReferenceEqualityComparer.Instance) { [root.Node] = gradient };
        var storageUses = new Dictionary<TensorStorage, int>(ReferenceEqualityComparer.Instance);
        var protectedStorage = new HashSet<TensorStorage>(ReferenceEqualityComparer.Instance) { gradient.Storage };

        foreach (var node in order)
        {
            if (!pending.Remove(node, out var g)) { node.ReleaseSaved(); continue; }
            var inputGrads = new Tensor?[node.Inputs.Length];
            node.Backward(g, inputGrads);
            for (var i = 0; i < node.Inputs.Length; i++)
            {
                var input = node.Inputs[i];
                var ig = inputGrads[i];
                if (input is null || ig is null) continue;
                if (!TensorShape.SameShape(ig.Shape, input.Shape))
                    throw new InvalidOperationException($"Internal error: {node.Name} produced a gradient of shape {TensorShape.Format(ig.ShapeArray)} for an input of shape {TensorShape.Format(input.ShapeArray)}.");
                if (input.Node is null)
                {
                    AccumulateLeaf(input, ig);
                    continue;
                }
                if (pending.TryGetValue(input.Node, out var existing))
                {
                    var sum = TensorMath.Add(existing, ig);
                    Unuse(existing.Storage, storageUses, protectedStorage);
                    pending[input.Node] = sum;
                    Use(sum.Storage, storageUses);
                    if (!ReferenceEquals(ig.Storage, g.Storage)) FreeIfUnused(ig.Storage, storageUses, protectedStorage);
                }
                else
                {
                    pending[input.Node] = ig;
                    Use(ig.Storage, storageUses);
                }
            }
            node.ReleaseSaved();
            Unuse(g.Storage, storageUses, protectedStorage);
        }
    }

    private static void Use(TensorStorage s, Dictionary<TensorStorage, int> uses) =>
        uses[s] = uses.GetValueOrDefault(s) + 1;

    private static void Unuse(TensorStorage s, Dictionary<TensorStorage, int> uses, HashSet<TensorStorage> protectedStorage)
    {
        if (uses.TryGetValue(s, out var n))
        {
            if (n > 1) { uses[s] = n - 1; return; }
            uses.Remove(s);
        }
        FreeIfUnused(s, uses, protectedStorage);
    }

    private static void FreeIfUnused(TensorStorage s, Dictionary<TensorStorage, int> uses, HashSet<TensorStorage> protectedStorage)
    {
        if (uses.ContainsKey(s) || protectedStorage.Contains(s)) return;
        // Only buffers created by this backward pass inside a scope are pooled-and-unshared here; leaf gradients are
        // always fresh copies (see AccumulateLeaf), so returning the buffer cannot invalidate a user-visible tensor.
        if (s.CreatedByBackward) s.ReturnToPool();
    }

    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (!leaf.RequiresGrad) return;
        if (leaf.Grad is null)
        {
            var copy = new Tensor(TensorStorage.AllocateUnscoped(g.Length), 0, (int[])leaf.ShapeArray.Clone(), TensorShape.ContiguousStrides(leaf.ShapeArray));
            g.CopyStridedTo(copy.AsSpan());
            leaf.Grad = copy;
        }
        else
        {
            TensorMath.AddInPlace(leaf.Grad, g);
        }
    }

    private static List<GradNode> TopologicalOrder(GradNode root)
    {
        // Iterative post-order DFS, then reversed: every node comes before the nodes it feeds from.
        var visited = new HashSet<GradNode>(ReferenceEqualityComparer.Instance);
        var post = new List<GradNode>();
        var stack = new Stack<(GradNode Node, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Inputs.Length)
            {
                stack.Push((node, next + 1));
                var child = node.Inputs[next]?.Node;
                if (child is not null && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                post.Add(node);
            }
        }
        post.Reverse();
        return post;
    }
}
