//! The command line's help in Chinese (clap's own texts, the doc comments
//! of the arguments, are the English ones).

/// The command line's help in Chinese, by command (`open`) or argument
/// (`db`, `merge.files`): clap's own texts are the English ones.
pub const ZH_HELP: &[(&str, &str)] = &[
    ("about", "评审 — 省重点成长型产业集群评审的终端工具"),
    ("open", "导入评审包（如尚未导入），然后在终端界面中打开"),
    (
        "demo",
        "用示例评审包试用：在终端中打开界面（示例库与真实评审分开保存）；非终端时打印一次查询结果",
    ),
    ("template", "写出发给各市州的空白工作簿模板"),
    ("pack", "把各市州报送的文件夹打包成经过核验的评审包"),
    ("import", "核验评审包并导入数据库"),
    ("bundles", "列出已导入的评审包"),
    ("find", "按名称、拼音首字母或编号查找集群"),
    ("show", "显示一个集群：数据、核查结果、证明材料"),
    (
        "keygen",
        "生成评审专家的 Ed25519 签名密钥（口令输入不回显），放在配置文件夹或 --key 路径；--key 指向已有密钥时核验后采用",
    ),
    ("whoami", "显示评审专家姓名、密钥指纹和 allowed_signers 行"),
    ("export", "写出签名的评审文件（文件及其 .sig 签名）"),
    (
        "verify",
        "用 allowed_signers 核验签名的评审文件，并按评审包（--bundle 或数据库）核对内容",
    ),
    (
        "merge",
        "汇总评审组各专家签名的评审文件：写出 Excel 工作簿及同名的 CSV、JSON 和结果清单",
    ),
    (
        "results",
        "在终端中浏览汇总结果（RESULT.json 或其旁边的工作簿）",
    ),
    (
        "log",
        "审计日志：每个分数、评语、结论、意见和回避的每次修改，按时间先后",
    ),
    ("db", "使用指定的数据库，而不是平台数据目录中的默认数据库"),
    (
        "demo.flag",
        "使用示例库（demo 保存分数的 demo.db）：pingshen --demo log",
    ),
    ("lang", "界面语言：zh（默认）或 en"),
    ("ascii", "用 ASCII 字符画边框和符号"),
    ("keys", "按键方案：default 或 vim"),
    (
        "reviewer",
        "评审专家姓名（多人共用账户时）；否则取 PINGSHEN_REVIEWER，再否则取 reviewer.toml 中的姓名",
    ),
    (
        "key",
        "签名密钥（OpenSSH Ed25519 私钥）；否则取 reviewer.toml 中的，再否则取配置文件夹中的 id_ed25519",
    ),
    ("bundle", "评审包（评审包文件，或其编号前缀）"),
    (
        "merge.out",
        "结果工作簿（旁边同时写出 CSV、JSON 和结果清单）",
    ),
    ("export.out", "评审文件（旁边同时写出 .sig 签名）"),
    ("pack.out", "写出的评审包文件"),
    (
        "merge.bundle",
        "每份评审文件据以核对的评审包文件；否则用导入过它的数据库（--db、--demo 或默认数据库）",
    ),
    (
        "verify.bundle",
        "据以核对评审文件内容的评审包文件；否则用导入过它的数据库",
    ),
    ("open.bundle", "评审包文件"),
    ("import.bundle", "评审包文件"),
    ("demo.bundle", "使用的评审包（默认为示例评审包）"),
    ("query", "要查找的内容"),
    ("id", "集群编号"),
    ("json", "以 JSON 输出，供脚本使用"),
    ("limit", "最多列出多少条"),
    ("dir", "文件夹"),
    ("year", "模板所属的考核年度"),
    ("src", "各市州报送文件所在的文件夹"),
    ("out", "写出的文件"),
    ("no_passphrase", "新密钥不设口令"),
    ("incomplete", "评审未完成也导出（文件中注明）"),
    ("file", "评审文件"),
    ("sig", "签名文件（默认为 文件.sig）"),
    ("signers", "评审组的 allowed_signers 文件"),
    ("files", "各专家的评审文件"),
    (
        "raw_csv",
        "CSV 单元格原样写出，供脚本使用（默认在可能被当作公式的文字前加 '）",
    ),
    (
        "rule",
        "计分规则：mean（平均）、median（中位数）或 trimmed（去掉一个最高分和一个最低分）",
    ),
    ("trim_from", "使用去高去低规则所需的最少有效评分数"),
    ("max_spread", "总分极差超过此值的集群标为分歧"),
    ("max_sd", "总分标准差超过此值的集群标为分歧"),
    (
        "decision",
        "主管部门的决定规则（[assessment] 与 [application] 两节），优先于评审标准中的 [decision] 和默认规则",
    ),
    ("prefer", "同一专家同一序号的两份不同文件，采用此文件"),
    ("sign", "用您的密钥签名结果清单（命名空间 pingshen-result）"),
    ("result", "汇总结果（RESULT.json 或工作簿）"),
    ("cluster", "只看此集群"),
    (
        "completions",
        "打印 bash、zsh、fish、elvish 或 PowerShell 的命令补全脚本",
    ),
    ("shell", "命令行外壳：bash、zsh、fish、elvish 或 powershell"),
    (
        "man",
        "把手册页（pingshen.1 及每个命令一页）写入文件夹，用界面语言",
    ),
    ("help", "显示帮助"),
    ("version", "显示版本"),
];

/// The command line's Chinese help text for `key`.
pub fn zh_help(key: &str) -> Option<&'static str> {
    ZH_HELP.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}
