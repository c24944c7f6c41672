namespace H3deMl;

/// <summary>Which output head(s) an <see cref="Trainers.Network.H3deNet"/> computes (DECISIONS.md §1).</summary>
public enum H3deHead
{
    /// <summary>Anchor-free: one full-resolution heatmap per landmark from the last decoder block.</summary>
    Heatmap,

    /// <summary>Anchor-based: offsets and presence logits on a 1/4-resolution grid from the third decoder block; the last two decoder blocks and the side branches are not computed.</summary>
    Anchors,

    /// <summary>Both heads from the shared encoder and decoder.</summary>
    Both,
}
