<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>CNNStudio</name>
    <message>
      <source>Edit layers...</source>
      <translation>编辑网络层...</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Start over</source>
      <translation>重新开始</translation>
    </message>
    <message>
      <source>Ready.</source>
      <translation>就绪。</translation>
    </message>
    <message>
      <source>Dataset</source>
      <translation>数据集</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>Batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>训练轮数</translation>
    </message>
    <message>
      <source>Schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <source>Decay by</source>
      <translation>衰减系数</translation>
    </message>
    <message>
      <source>Decay every</source>
      <translation>衰减间隔</translation>
    </message>
    <message>
      <source>Weight decay</source>
      <translation>权重衰减</translation>
    </message>
    <message>
      <source>Augmentation</source>
      <translation>数据增强</translation>
    </message>
    <message>
      <source>Strength</source>
      <translation>强度</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续训练</translation>
    </message>
    <message>
      <source>Smoothed</source>
      <translation>平滑</translation>
    </message>
    <message>
      <source>Log-scale loss</source>
      <translation>损失用对数坐标</translation>
    </message>
    <message>
      <source>Clear earlier runs</source>
      <translation>清除之前的运行</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Export session pictures...</source>
      <translation>导出本次的图片(&amp;E)...</translation>
    </message>
    <message>
      <source>Export curves as &amp;CSV...</source>
      <translation>导出曲线为 &amp;CSV...</translation>
    </message>
    <message>
      <source>Export &amp;report...</source>
      <translation>导出实验报告(&amp;P)...</translation>
    </message>
    <message>
      <source>&amp;Open model...</source>
      <translation>打开模型(&amp;O)...</translation>
    </message>
    <message>
      <source>&amp;Save model...</source>
      <translation>保存模型(&amp;S)...</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>Evaluating...</source>
      <translation>正在评估...</translation>
    </message>
    <message>
      <source>Draw &amp;&amp; predict</source>
      <translation>绘制 &amp;&amp; 预测</translation>
    </message>
    <message>
      <source>Curves</source>
      <translation>曲线</translation>
    </message>
    <message>
      <source>Filters</source>
      <translation>卷积核</translation>
    </message>
    <message>
      <source>Feature maps</source>
      <translation>特征图</translation>
    </message>
    <message>
      <source>Backprop</source>
      <translation>反向传播</translation>
    </message>
    <message>
      <source>Evaluation</source>
      <translation>评估</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>数据</translation>
    </message>
  </context>
</TS>
