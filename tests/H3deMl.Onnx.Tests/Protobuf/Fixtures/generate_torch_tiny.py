"""Writes torch_tiny.onnx: a tiny 3D network exported by torch.onnx.export (opset 17, dynamic batch N), read by
OnnxProtobufTorchFileTests to check our protobuf reader against a real producer. Run with Debian's /usr/bin/python3
(torch 1.13): python3 generate_torch_tiny.py"""
import os
import torch

torch.manual_seed(7)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv3d(1, 2, 3, padding=1)
        self.norm = torch.nn.LayerNorm(4)
        self.act = torch.nn.LeakyReLU(0.01)

    def forward(self, image):
        return torch.sigmoid(self.norm(self.act(self.conv(image))))


here = os.path.dirname(os.path.abspath(__file__))
torch.onnx.export(Tiny().eval(), torch.zeros(1, 1, 2, 3, 4), os.path.join(here, "torch_tiny.onnx"),
                  opset_version=17, input_names=["image"], output_names=["out"],
                  dynamic_axes={"image": {0: "N"}, "out": {0: "N"}})
