using H3deMl.Tensors.NN;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Import;

namespace H3deMl.Trainers.Network;

public sealed partial class H3deNet
{
    /// <summary>
    /// Loads a reference PyTorch checkpoint (as written by <c>torch.save</c>, PyTorch ≥ 1.6) into a new network whose
    /// architecture is read from the parameter shapes; see <see cref="ImportPyTorchCheckpoint(string, H3deNetArchitecture)"/>.
    /// </summary>
    /// <param name="path">The <c>.ckpt</c>/<c>.pt</c>/<c>.pth</c> file.</param>
    /// <returns>The network with the checkpoint's weights.</returns>
    /// <remarks>
    /// Widths, depths, kernels, MLP ratio, side-branch widths and the landmark count come from the shapes. Head size (8),
    /// windows (4×4×2) and top-k (1/4/16/16) leave no trace in the weights and take the reference values; use the
    /// overload with an architecture for other values. The head is Anchors when the checkpoint has <c>pre_layer</c> and
    /// either the anchor network's <c>early_down1</c> or no <c>final_conv</c>, Both when it has both heads, else Heatmap.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint, or names anything outside what torch.save writes for weights.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network; every missing, unexpected and mis-shaped tensor is listed.</exception>
    public static H3deNet ImportPyTorchCheckpoint(string path) =>
        H3deNetCheckpointImport.Import(path, null, null).Network;

    /// <summary>Loads a reference PyTorch checkpoint with the given head, the rest of the architecture read from the shapes (see <see cref="ImportPyTorchCheckpoint(string)"/>).</summary>
    /// <param name="path">The <c>.ckpt</c>/<c>.pt</c>/<c>.pth</c> file.</param>
    /// <param name="head">The head(s) to build; with <see cref="H3deHead.Anchors"/> the anchor network's unused modules are skipped.</param>
    /// <returns>The network with the checkpoint's weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint, or names anything outside what torch.save writes for weights.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network; every missing, unexpected and mis-shaped tensor is listed.</exception>
    public static H3deNet ImportPyTorchCheckpoint(string path, H3deHead head) =>
        H3deNetCheckpointImport.Import(path, null, head).Network;

    /// <summary>
    /// Loads a reference PyTorch checkpoint into a new network of the given architecture, without Python.
    /// </summary>
    /// <param name="path">The <c>.ckpt</c>/<c>.pt</c>/<c>.pth</c> file: a <c>torch.save</c> zip archive holding a dict with the
    /// parameters under <c>state_dict</c> (as the reference scripts save them, H3DE-NET.md §6), <c>model</c> or <c>net</c>,
    /// or a bare state dict. Keys may carry DataParallel's <c>module.</c> prefix.</param>
    /// <param name="architecture">The network to build; its parameter names are the reference's state-dict keys.</param>
    /// <returns>The network with the checkpoint's weights.</returns>
    /// <remarks>
    /// <para><b>Untrusted input.</b> Only the part of the pickle format that torch.save uses is read, and only these
    /// globals may be named: <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
    /// <c>_rebuild_parameter</c>(<c>_with_state</c>), the <c>torch.*Storage</c> types, <c>argparse.Namespace</c> (kept as an
    /// inert record) and <c>set</c>/<c>frozenset</c>. Nothing is executed, no type is loaded; sizes, shapes, strides and
    /// offsets are validated against the stored bytes before anything is allocated.</para>
    /// <para><b>Skipped.</b> The reference's known-unused modules (H3DE-NET.md §1, §3; DECISIONS.md §13): <c>norm</c>
    /// (BatchNorm3d with running statistics), <c>head</c>, <c>pre_logits</c>, <c>early_down1</c>, <c>early_down2</c>, any
    /// <c>PPB</c>/<c>SRB</c> block, and with the Anchors head also <c>up3</c>, <c>up4</c>, <c>final_conv</c>, <c>c1</c>, <c>c2</c>.
    /// Optimiser state and other entries of the checkpoint are not read.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="architecture"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid architecture value.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint, or names anything outside what torch.save writes for weights.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network; every missing, unexpected and mis-shaped tensor is listed with both shapes, and nothing is loaded.</exception>
    public static H3deNet ImportPyTorchCheckpoint(string path, H3deNetArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        return H3deNetCheckpointImport.Import(path, architecture, null).Network;
    }
}
