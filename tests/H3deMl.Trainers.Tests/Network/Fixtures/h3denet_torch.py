"""A PyTorch rendering of H3DE-Net written from ../../../../../shared/design/H3DE-NET.md (sections 1-3), with the
reference module names, used only as an oracle for the parity tests. Padding of windows and of the input follows
DECISIONS.md section 2 (zeros at the end of each axis, cropped back), like the C# network."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_in_lrelu(cin, cout):
    return nn.Sequential(nn.Conv3d(cin, cout, 3, 1, 1, bias=False), nn.InstanceNorm3d(cout), nn.LeakyReLU(0.01))


class DecoderBlock(nn.Module):
    def __init__(self, cin, cskip, cout):
        super().__init__()
        self.conv1 = conv_in_lrelu(cin + cskip, cout)
        self.conv2 = conv_in_lrelu(cout, cout)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2, mode="trilinear", align_corners=False)
        return self.conv2(self.conv1(torch.cat([x, skip], dim=1)))


class QKVLinear(nn.Module):
    def __init__(self, dim, qk_dim):
        super().__init__()
        self.qkv = nn.Linear(dim, 2 * qk_dim + dim)

    def forward(self, x):
        return self.qkv(x)


class BRA(nn.Module):
    def __init__(self, dim, head_dim, topk, n_win, lepe_k, head_scale=False):
        super().__init__()
        self.dim, self.heads, self.topk, self.n_win = dim, dim // head_dim, topk, n_win
        self.scale = (head_dim if head_scale else dim) ** -0.5
        self.qkv = QKVLinear(dim, dim)
        self.wo = nn.Linear(dim, dim)
        self.lepe = nn.Conv3d(dim, dim, lepe_k, padding=lepe_k // 2, groups=dim)

    def forward(self, x):  # (N, A0, A1, A2, C)
        n, a0, a1, a2, c = x.shape
        w0, w1, w2 = self.n_win
        p0, p1, p2 = [math.ceil(s / w) * w for s, w in zip((a0, a1, a2), self.n_win)]
        if (p0, p1, p2) != (a0, a1, a2):
            x = F.pad(x, (0, 0, 0, p2 - a2, 0, p1 - a1, 0, p0 - a0))
        s0, s1, s2 = p0 // w0, p1 // w1, p2 // w2
        P, T = w0 * w1 * w2, s0 * s1 * s2
        qkv = self.qkv(x)
        win = qkv.reshape(n, w0, s0, w1, s1, w2, s2, 3 * c).permute(0, 1, 3, 5, 2, 4, 6, 7).reshape(n, P, T, 3 * c)
        q, kv = win[..., :c], win[..., c:]
        q_win, k_win = q.mean(2).detach(), kv[..., :c].mean(2).detach()
        logits = (q_win * self.scale) @ k_win.transpose(-1, -2)
        self.last_routing = (logits, k_win)  # for the generator's routing-margin check
        r_idx = torch.topk(logits, self.topk, dim=-1).indices  # (n, P, k)
        gathered = torch.gather(kv.unsqueeze(1).expand(n, P, P, T, 2 * c), 2,
                                r_idx[..., None, None].expand(n, P, self.topk, T, 2 * c))
        gathered = gathered.reshape(n, P, self.topk * T, 2 * c)
        k_sel, v_sel = gathered[..., :c], gathered[..., c:]
        m, hd = self.heads, c // self.heads
        qh = q.reshape(n, P, T, m, hd).permute(0, 1, 3, 2, 4)
        kh = k_sel.reshape(n, P, self.topk * T, m, hd).permute(0, 1, 3, 4, 2)
        vh = v_sel.reshape(n, P, self.topk * T, m, hd).permute(0, 1, 3, 2, 4)
        attn = torch.softmax((qh * self.scale) @ kh, dim=-1)
        out = (attn @ vh).permute(0, 1, 3, 2, 4).reshape(n, P, T, c)
        out = out.reshape(n, w0, w1, w2, s0, s1, s2, c).permute(0, 1, 4, 2, 5, 3, 6, 7).reshape(n, p0, p1, p2, c)
        lepe = self.lepe(qkv[..., 2 * c:].permute(0, 4, 1, 2, 3)).permute(0, 2, 3, 4, 1)
        out = self.wo(out + lepe)
        return out[:, :a0, :a1, :a2]


class Block(nn.Module):
    def __init__(self, dim, head_dim, topk, n_win, lepe_k, pos_k, mlp_ratio):
        super().__init__()
        self.pos_embed = nn.Conv3d(dim, dim, pos_k, padding=pos_k // 2, groups=dim)
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = BRA(dim, head_dim, topk, n_win, lepe_k)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.Identity(), nn.GELU(), nn.Linear(mlp_ratio * dim, dim))

    def forward(self, x):
        x = x + self.pos_embed(x)
        x = x.permute(0, 2, 3, 4, 1)
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x.permute(0, 4, 1, 2, 3)


class H3DENet(nn.Module):
    def __init__(self, n_class=14, widths=(64, 128, 256, 512), depths=(2, 2, 4, 2), topks=(1, 4, 16, 16),
                 head_dim=8, n_win=(4, 4, 2), lepe_k=5, pos_k=3, mlp_ratio=4, stem=32, half=32, full=16,
                 head="heatmap", anchors=4, in_ch=1):
        super().__init__()
        self.head, self.n_class, self.anchors = head, n_class, anchors
        w = widths
        self.downsample_layers = nn.ModuleList()
        self.downsample_layers.append(nn.Sequential(
            nn.Conv3d(in_ch, stem, 3, 2, 1), nn.InstanceNorm3d(stem), nn.GELU(), nn.Conv3d(stem, w[0], 3, 2, 1), nn.InstanceNorm3d(w[0])))
        for i in range(1, 4):
            self.downsample_layers.append(nn.Sequential(nn.Conv3d(w[i - 1], w[i], 3, 2, 1), nn.InstanceNorm3d(w[i])))
        self.stages = nn.ModuleList(
            nn.Sequential(*[Block(w[i], head_dim, topks[i], n_win, lepe_k, pos_k, mlp_ratio) for _ in range(depths[i])]) for i in range(4))
        for i in range(4):
            setattr(self, f"norm{i}", nn.LayerNorm(w[i]))
        self.up0 = DecoderBlock(w[3], w[2], w[2])
        self.up1 = DecoderBlock(w[2], w[1], w[1])
        self.up2 = DecoderBlock(w[1], w[0], w[0])
        if head != "anchors":
            self.up3 = DecoderBlock(w[0], half, half)
            self.up4 = DecoderBlock(half, full, full)
            self.c1 = conv_in_lrelu(in_ch, half)
            self.c2 = conv_in_lrelu(in_ch, full)
            self.avg_pool = nn.AvgPool3d(3, 2, 1)
            self.final_conv = nn.Conv3d(full, n_class, 1)
        if head != "heatmap":
            self.pre_layer = nn.Conv3d(w[0], anchors * (3 + n_class), 1)

    def forward(self, x, taps=None):
        s = x.shape[2:]
        p = [math.ceil(v / 32) * 32 for v in s]
        if list(p) != list(s):
            x = F.pad(x, (0, p[2] - s[2], 0, p[1] - s[1], 0, p[0] - s[0]))
        skips, f = [], x
        for i in range(4):
            f = self.stages[i](self.downsample_layers[i](f))
            f = getattr(self, f"norm{i}")(f.permute(0, 2, 3, 4, 1)).permute(0, 4, 1, 2, 3)
            skips.append(f)
            if taps is not None:
                taps[f"stage{i}"] = f
        d = self.up0(skips[3], skips[2])
        d = self.up1(d, skips[1])
        quarter = self.up2(d, skips[0])
        if taps is not None:
            taps["up2"] = quarter
        heatmap = anchors = None
        if self.head != "anchors":
            half = self.c1(self.avg_pool(x))
            full = self.c2(x)
            h = self.up4(self.up3(quarter, half), full)
            heatmap = self.final_conv(h)[:, :, :s[0], :s[1], :s[2]]
        if self.head != "heatmap":
            raw = self.pre_layer(quarter)
            g = [math.ceil(v / 4) for v in s]
            raw = raw[:, :, :g[0], :g[1], :g[2]]
            n = raw.shape[0]
            anchors = raw.reshape(n, self.anchors, 3 + self.n_class, *raw.shape[2:]).permute(0, 3, 4, 5, 1, 2)
        return heatmap, anchors
