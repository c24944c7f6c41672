namespace H3deMl.Tensors.NN;

/// <summary>What a non-strict <see cref="Module.LoadStateDict(IReadOnlyDictionary{string, Tensor}, bool)"/> did not match (a strict load throws instead).</summary>
/// <param name="MissingKeys">ModuleParameter paths of the module that the state dict does not hold (left unchanged), in module order.</param>
/// <param name="UnexpectedKeys">Keys of the state dict that name no parameter of the module (ignored), in the dict's order.</param>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>True when every parameter was loaded and no key was left over.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;
}
