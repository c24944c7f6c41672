using H3deMl.Tensors;

namespace H3deMl.Trainers.Network;

/// <summary>The raw head outputs of one forward pass.</summary>
/// <param name="Heatmap">(N, landmarks, A0, A1, A2) at input resolution, or null without the heatmap head.</param>
/// <param name="Anchors">(N, G0, G1, G2, anchors, 3 + landmarks) on the stride-4 grid, laid out as the reference (offsets first, then class logits), or null without the anchor head.</param>
public sealed record H3deNetOutput(Tensor? Heatmap, Tensor? Anchors);
