<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>CNNStudio</name>
    <message>
      <source>Walk through</source>
      <translation>逐步演示</translation>
    </message>
    <message>
      <source>◀ Back</source>
      <translation>◀ 上一步</translation>
    </message>
    <message>
      <source>Step ▶</source>
      <translation>下一步 ▶</translation>
    </message>
    <message>
      <source>Check a weight</source>
      <translation>检验一个权重</translation>
    </message>
    <message>
      <source>Apply one step</source>
      <translation>执行一步更新</translation>
    </message>
    <message>
      <source>Undo the step</source>
      <translation>撤销这一步</translation>
    </message>
    <message>
      <source>Export handout...</source>
      <translation>导出讲义...</translation>
    </message>
    <message>
      <source>layer, input → output</source>
      <translation>层，从输入 → 输出</translation>
    </message>
    <message>
      <source>is a</source>
      <translation>是</translation>
    </message>
    <message>
      <source>gradient norms</source>
      <translation>梯度范数</translation>
    </message>
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
      <source>idle</source>
      <translation>空闲</translation>
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
      <source>Loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>cross-entropy</source>
      <translation>交叉熵</translation>
    </message>
    <message>
      <source>Accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <source>fraction correct</source>
      <translation>正确比例</translation>
    </message>
    <message>
      <source>step (batches)</source>
      <translation>步数（批次）</translation>
    </message>
    <message>
      <source>Read again</source>
      <translation>重新读取</translation>
    </message>
    <message>
      <source>Class:</source>
      <translation>类别：</translation>
    </message>
    <message>
      <source>Read as</source>
      <translation>读取方式</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Open image...</source>
      <translation>打开图片...</translation>
    </message>
    <message>
      <source>What the network sees (28x28):</source>
      <translation>网络看到的输入（28x28）：</translation>
    </message>
    <message>
      <source>Draw a digit</source>
      <translation>写一个数字</translation>
    </message>
    <message>
      <source>Teach it</source>
      <translation>教它</translation>
    </message>
    <message>
      <source>Undo teaching</source>
      <translation>撤销教学</translation>
    </message>
    <message>
      <source>Brush:</source>
      <translation>笔刷：</translation>
    </message>
    <message>
      <source>Class probabilities</source>
      <translation>各类别概率</translation>
    </message>
    <message>
      <source>Train, or press Evaluate, to measure the model on the test images.</source>
      <translation>训练模型，或点击“立即评估”，在测试图片上衡量模型。</translation>
    </message>
    <message>
      <source>Evaluate now</source>
      <translation>立即评估</translation>
    </message>
    <message>
      <source>Rows: the &lt;b&gt;true&lt;/b&gt; class ↓ &amp;nbsp; columns: &lt;b&gt;predicted&lt;/b&gt; →</source>
      <translation>行：&lt;b&gt;真实&lt;/b&gt;类别 ↓ &amp;nbsp; 列：&lt;b&gt;预测&lt;/b&gt;类别 →</translation>
    </message>
    <message>
      <source>Misclassified samples, most confident first</source>
      <translation>分类错误的样本，置信度最高的在前</translation>
    </message>
    <message>
      <source>Step:</source>
      <translation>步骤：</translation>
    </message>
    <message>
      <source>Use my drawing</source>
      <translation>用我写的数字</translation>
    </message>
    <message>
      <source>Click a map to enlarge it.</source>
      <translation>点击一张特征图将其放大。</translation>
    </message>
    <message>
      <source>Probe: test image</source>
      <translation>探针：测试图片</translation>
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
      <source>Hover a kernel to see its weights.</source>
      <translation>将鼠标移到卷积核上查看其权重。</translation>
    </message>
    <message>
      <source>Layer:</source>
      <translation>层：</translation>
    </message>
    <message>
      <source>Colours:</source>
      <translation>配色：</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>训练</translation>
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
    <message>
      <source>Histograms of:</source>
      <translation>直方图：</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Gradients (last batch)</source>
      <translation>梯度（最后一批）</translation>
    </message>
    <message>
      <source>Delete selected</source>
      <translation>删除所选</translation>
    </message>
    <message>
      <source>Wrong? It is a</source>
      <translation>识别错了？它是</translation>
    </message>
  </context>
</TS>
