//! Every user-facing string, in Chinese (the default) and English.
//!
//! Messages are looked up by key; `{}` placeholders are filled in order by
//! [`trf`]. The language is chosen once at start (`--lang`, or `PINGSHEN_LANG`)
//! and read everywhere through [`lang`].

use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Zh
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// Message keys; see the table in `i18n.rs` for the texts.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum M { $($key),* }

        impl M {
            /// The key's name (`ItemNoEvidence`): what kind of message it is.
            pub fn key(self) -> &'static str {
                match self { $(M::$key => stringify!($key)),* }
            }

            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(M::$key => $zh),* },
                    Lang::En => match self { $(M::$key => $en),* },
                }
            }

            #[cfg(test)]
            const ALL: &'static [M] = &[$(M::$key),*];
        }
    };
}

messages! {
    // Reading workbooks
    CannotOpen => "无法打开工作簿：{}", "cannot open the workbook: {}";
    XmlSpreadsheet => "这是 XML 电子表格（Excel 2003 XML），不是 Excel 工作簿：请打开后另存为 .xlsx", "this is an XML spreadsheet (Excel 2003 XML), not an Excel workbook: open it and save it as .xlsx";
    WebPageWorkbook => "这是网页（HTML）文件，只是以 Excel 扩展名保存：请打开后另存为 .xlsx", "this is a web page (HTML) saved under an Excel name: open it and save it as .xlsx";
    NotAWorkbook => "不是 Excel 工作簿（.xlsx 或 .xls）", "not an Excel workbook (.xlsx or .xls)";
    AbsurdDimension => "声明的表格范围 {} 过大（最多 {} 行、{} 列、共 {} 个单元格），拒绝读取", "the declared sheet dimension {} is absurd (at most {} rows, {} columns, {} cells in all), refused";
    AbsurdStrings => "共享字符串数量 {} 与文件大小不符，拒绝读取", "the shared-string count {} does not fit the file size, refused";
    WorkbookTooLarge => "工作簿的 {} 解压后有 {} MB，远超任何表格所需，拒绝读取", "the workbook's {} decompresses to {} MB, far more than any table needs; refused";
    WorkbookFileTooLarge => "{}：工作簿有 {} MB，超过任何表格所需（最多 {} MB），未读取", "{}: the workbook is {} MB, more than any table needs (at most {} MB); not read";
    LegacyTooLarge => "旧版工作簿（.xls）有 {} MB，超过任何表格所需（最多 {} MB），拒绝读取", "the legacy workbook (.xls) is {} MB, more than any table needs (at most {} MB); refused";
    AllParts => "各部分合计", "parts together";
    TooManyCells => "工作表 {} 的单元格超过 {} 个，拒绝读取", "the sheet {} holds more than {} cells; refused";
    ReaderFailed => "读取工作簿时出错（文件可能已损坏）：{}。请用 Excel 或 WPS 打开后另存为 .xlsx", "the workbook reader failed (the file may be damaged): {}. Open it in Excel or WPS and save it as .xlsx";
    CellOutOfRange => "单元格超出允许范围（最多 {} 行、{} 列）", "a cell lies beyond the allowed range (at most {} rows and {} columns)";
    NoSheet => "找不到工作表（应含表头：{}）", "no sheet with the expected header ({})";
    DuplicateColumn => "两列都是“{}”：{} 和 {}。请删去或改名其中一列（隐藏的列不计）", "two columns are both {}: {} and {}. Delete or rename one of them (hidden columns do not count)";
    AmbiguousSheets => "几个工作表都有这张表：{}。请删去多余的工作表，或把要读的那张命名为表名（隐藏的工作表不计）", "several sheets hold this table: {}. Delete the extra sheets, or name the one to read for its table (hidden sheets do not count)";
    MissingColumns => "表头中缺少列：{}", "the header lacks the columns: {}";
    ExpectedNumberIn => "应为以{}计的数字，实为 {}", "expected a number in {}, found {}";
    ExpectedNumber => "应为数字，实为 {}", "expected a number, found {}";
    ExpectedInteger => "应为整数，实为 {}", "expected a whole number, found {}";
    PrecisionRounded => "{} 比保存的精度（元或人）更细，已四舍五入；如非有意，请核对", "{} is more precise than what is kept (a yuan, a person) and is rounded; check it if that was not meant";
    FoundUncached => "一个没有保存计算结果的公式（请用 Excel 或 WPS 打开后保存，再报送）", "a formula saved without its computed value (open the file in Excel or WPS and save it, then send it again)";
    ImportInternal => "导入时内部出错，未导入任何内容（请报告此问题）", "an internal error stopped the import; nothing was imported (please report it)";
    ExpectedId => "应为集群编号（如 KH-4213-01：两个字母、市州代码、序号），实为 {}", "expected a cluster id (such as KH-4213-01: two letters, the prefecture's code, a number), found {}";
    ExpectedText => "应为文字，实为 {}", "expected text, found {}";
    ExpectedYesNo => "应为“是”或“否”，实为 {}", "expected 是 or 否 (yes or no), found {}";
    MissingValue => "缺少{}", "missing {}";
    UnknownPrefecture => "未知的市州：{}", "unknown prefecture: {}";
    PrefectureMismatch => "市州 {} 与所在文件夹 {} 不符", "prefecture {} does not match its folder {}";
    DuplicateCluster => "集群编号 {} 重复（已见于 {}）", "duplicate cluster id {} (already in {})";
    UnitAssumed => "表头未注明单位，按{}读取", "the header states no unit; read as {}";
    UnitConflict => "单位行写的是 {}，表头写的是 {}：请改成一致", "the units row says {} where the header says {}: make them agree";
    UnknownUnit => "无法识别的单位：{}", "unknown unit: {}";
    FoundDate => "设为日期格式的 {}（若本是数字，请把单元格格式改为“数值”）", "a date-formatted {} (if it is a number, format the cell as a number)";
    FoundError => "错误值 {}", "the error value {}";
    FoundEmpty => "空白", "a blank cell";
    // Fields
    FieldId => "集群编号", "cluster id";
    FieldName => "集群名称", "cluster name";
    FieldTitle => "材料名称", "title";
    FieldPath => "文件路径", "file path";
    FieldSeq => "序号", "item number";
    // Bundle layout and evidence
    NotAFolder => "不是文件夹：{}", "not a folder: {}";
    NoPackConfig => "缺少 {}（评审包的签发单位、年度与评分标准）", "missing {} (the bundle's issuer, year and rubrics)";
    BadToml => "{} 格式有误：{}", "{} is malformed: {}";
    PathEscapes => "文件路径越出评审包：{}", "the path escapes the bundle: {}";
    EvidenceMissing => "证明材料文件不存在：{}", "the evidence file does not exist: {}";
    EvidenceUnknownCluster => "目录所属集群 {} 不在表二或申报表中", "the catalogue's cluster {} is in no 表二 or 申报表";
    CatalogueNoCluster => "目录未注明集群编号", "the catalogue names no cluster id";
    UnknownRubricItem => "评分项 {} 不在评分标准中", "rubric item {} is not in the rubric";
    UnlistedFile => "文件未列入任何目录：{}", "no catalogue lists this file: {}";
    ItemNoEvidence => "{}：评分项 {} 没有证明材料", "{}: rubric item {} has no evidence";
    IncrementMismatch => "{} {}：新增 {} ≠ 本年 {} − 上年 {}", "{} {}: increment {} ≠ current {} − previous {}";
    SummaryMismatch => "附件3 与表二不符：{} {} 为 {}，表二为 {}", "附件3 disagrees with 表二: {} {} is {}, 表二 says {}";
    SummaryTotalMismatch => "附件3 合计行 {} 为 {}，各行之和为 {}", "附件3 totals row: {} is {}, the rows add up to {}";
    SummaryUnknownCluster => "附件3 中的集群 {} 不在本市州的表二中", "the cluster {} of 附件3 is not in the prefecture's 表二";
    SummaryMissingCluster => "附件3 缺少集群 {}", "附件3 lacks cluster {}";
    // Rubrics
    RubricEmptyId => "不能为空", "must not be empty";
    RubricDuplicateId => "重复使用", "is used twice";
    RubricMax => "必须大于 0 且不超过 1000", "must be more than 0 and at most 1000";
    RubricStep => "必须大于 0、不超过满分且能整除满分", "must be more than 0, at most max, and divide max";
    RubricTotal => "各项满分之和不能超过 1000", "the maxima must add up to at most 1000";
    RubricTooMany => "最多 {} 项", "at most {} entries";
    RubricTooLong => "最长 {} 个字符", "at most {} characters";
    RubricControl => "不能含控制字符", "must not hold control characters";
    RubricLine => "第 {} 行：{}", "line {}: {}";
    RubricCondition => "申报条件只属于申报轮次", "conditions belong to the application round";
    RubricNoItems => "评分标准至少需要一个评分项", "a rubric needs at least one item";
    RubricNoOpinions => "评分标准需要专家可选的结论", "a rubric needs the conclusions an expert chooses from";
    RubricPoints => "应为分值，如 10 或 0.5（最多两位小数）", "expected points like 10 or 0.5 (at most two decimals)";
    // Pack / import
    ReportErrors => "错误（{} 条）：", "errors ({}):";
    ReportWarnings => "提示（{} 条）：", "warnings ({}):";
    ReportMore => "  …… 另有 {} 条未列出（同类只列前几条；被截短的类别：{} 类），全部见形式审查表", "  … and {} more not listed (only the first few of each kind are shown; kinds cut short: {}), all in the pre-screen workbook";
    ReportMoreImport => "  …… 另有 {} 条未列出（同类只列前几条；被截短的类别：{} 类）", "  … and {} more not listed (only the first few of each kind are shown; kinds cut short: {})";
    PrescreenWritten => "形式审查表：{}", "pre-screen workbook: {}";
    WholeProvince => "全省", "province";
    PrescreenSummary => "汇总", "summary";
    PrescreenTitle => "形式审查意见", "pre-screen findings";
    PrescreenPrefecture => "市州", "prefecture";
    PrescreenErrors => "错误", "errors";
    PrescreenWarnings => "提示", "warnings";
    PrescreenSeq => "序号", "no.";
    PrescreenSeverity => "类别", "kind";
    PrescreenCluster => "集群编号", "cluster";
    PrescreenFile => "文件", "file";
    PrescreenSheet => "工作表", "sheet";
    PrescreenCell => "单元格", "cell";
    PrescreenWhat => "问题", "finding";
    PrescreenError => "错误", "error";
    PrescreenWarning => "提示", "warning";
    PackErrors => "发现 {} 个错误，未写出评审包。", "{} errors found; no bundle was written.";
    PackDone => "已写出评审包 {}：{} 个集群、{} 条证明材料、{} 个文件。评审包编号 {}", "wrote bundle {}: {} clusters, {} evidence items, {} files. Bundle id {}";
    OutputExists => "输出位置已存在且不是空文件夹：{}", "the output exists and is not an empty folder: {}";
    BundleMissing => "评审包文件 {} 不存在", "the bundle file {} does not exist";
    BundleIsFolder => "{} 是文件夹，不是评审包文件（评审包由 pingshen pack 打包成一个 .tar 文件）", "{} is a folder, not a bundle file (pingshen pack makes a bundle into one .tar file)";
    BundleUnreadable => "无法读取评审包文件 {}：{}", "cannot read the bundle file {}: {}";
    StoreMissing => "数据库 {} 不存在：尚未导入任何评审包。导入：pingshen import 评审包.tar；或先试用示例：pingshen demo", "the store {} does not exist: no bundle imported yet. Import one: pingshen import BUNDLE.tar; or try the sample: pingshen demo";
    StoreFolderMissing => "文件夹 {} 不存在（--db 指定的数据库所在的文件夹）：路径是否有误？新建数据库请先 pingshen --db 路径 import 评审包.tar", "the folder {} does not exist (where --db puts the store): is the path right? To make a store there: pingshen --db PATH import BUNDLE.tar";
    IoNotFound => "文件或文件夹不存在", "no such file or folder";
    IoPermission => "没有权限", "permission denied";
    IoExists => "已经存在", "already exists";
    IoOther => "读写出错（{}）", "input/output error ({})";
    BundleCompressed => "{} 是 {} 压缩文件，不是评审包本身：请先解压（如 {}），再导入解压得到的 .tar 文件", "{} is a {} compressed file, not the bundle itself: unpack it first (for example {}), then import the .tar file it gives";
    NoManifest => "不是评审包（应为以 manifest.json 开头的 tar 文件）：{}", "not a bundle (a tar file that starts with manifest.json): {}";
    DamagedBundle => "评审包文件已损坏：{}", "the bundle file is damaged: {}";
    BundledWorkbookTooLarge => "评审包中的这个文件超过任何表格所需（最多 64 MB），未读取：{}", "this file of the bundle is larger than any table needs (at most 64 MB); not read: {}";
    NotInManifest => "文件未列入清单（或重复）：{}", "a file the manifest does not list (or lists once): {}";
    HashMismatch => "文件已被改动（SHA-256 不符）：{}", "the file was changed (SHA-256 mismatch): {}";
    BundleCutShort => "评审包提前结束：清单列出的 {} 个文件（共 {} 个）没有到达。复制不完整？请重新复制评审包并核对其大小", "the bundle ends early: {} of the {} files its manifest lists never came. A copy cut short? Copy the bundle again and compare its size";
    ImportErrors => "发现 {} 个错误，未导入任何内容。", "{} errors found; nothing was imported.";
    UndecodableName => "无法识别文件名的编码（既不是 UTF-8 也不是 GBK）：{}，请在报送电脑上重命名后重新提交", "a file name in neither UTF-8 nor GBK: {}; have it renamed on the sending computer and submitted again";
    NameReadAsGbk => "名称不是 UTF-8 编码，已按 GBK（中文 Windows 的编码）读出", "the name is not UTF-8; read as GBK (how Chinese Windows writes names)";
    FileMissing => "评审包缺少文件：{}", "the bundle lacks the file: {}";
    FormatVersion => "不支持的评审包格式版本 {}（支持 {}）", "unsupported bundle format version {} (supported: {})";
    Imported => "已导入评审包 {}（{}年度，{}）：{} 个集群、{} 条证明材料。", "imported bundle {} ({}, {}): {} clusters, {} evidence items.";
    AlreadyImported => "评审包 {} 已导入，未作改动。", "bundle {} is already imported; nothing changed.";
    // Store
    StoreOpen => "无法打开数据库 {}：{}", "cannot open the database {}: {}";
    NotAStore => "{} 不是 pingshen 数据库（也不是 SQLite 数据库）：未作任何改动。请检查 --db 指向的文件", "{} is not a pingshen store (not an SQLite database at all): nothing was changed. Check the file --db names";
    StoreOldReadOnly => "数据库 {} 的结构版本 {} 旧于本程序的 {}，而本账户只能读取它：请由可写入它的账户运行一次 pingshen --db 路径 bundles 以升级", "the store {} has schema version {}, older than this program's {}, and this account may only read it: have an account that may write it run pingshen --db PATH bundles once to upgrade it";
    StoreNewer => "数据库 {} 的结构版本 {} 比本程序新（{}），请升级 pingshen", "the database {} has schema version {}, newer than this program's {}; upgrade pingshen";
    NoBundle => "尚未导入任何评审包。导入：pingshen import 评审包.tar；或先试用示例：pingshen demo", "no bundle imported yet. Import one: pingshen import BUNDLE.tar; or try the sample: pingshen demo";
    UnknownBundle => "没有编号以 {} 开头的评审包", "no bundle id starts with {}";
    NotFound => "没有编号为 {} 的集群", "no cluster with id {}";
    NoMatches => "没有与 {} 匹配的集群", "no cluster matches {}";
    // Show
    LabelRound => "轮次", "round";
    LabelPrefecture => "市州", "prefecture";
    LabelCounty => "县市区", "county";
    LabelIndustry => "主导产业", "leading industry";
    LabelAboveScale => "规上企业", "above-scale enterprises";
    LabelIndicators => "业绩指标", "performance indicators";
    LabelPrevious => "上年", "previous";
    LabelCurrent => "本年", "current";
    LabelIncrement => "新增", "increment";
    LabelGrowth => "增长", "growth";
    LabelUnit => "单位", "unit";
    LabelFlags => "核查", "checks";
    DocRequest => "申报请示", "request for designation";
    DocStatus => "产业集群发展情况", "development report";
    DocPlan => "产业集群发展规划", "development plan";
    MissingDocument => "{}：申报材料缺少 {}", "{}: the application lacks its {}";
    DocumentMissing => "未报送", "not sent";
    LabelDocuments => "申报材料", "application documents";
    RosterMissing => "名单上的集群 {} {} 不在{}的表二中", "the designated cluster {} {} is not in {}'s 表二";
    NotOnRoster => "{} 不在已纳入培育的集群名单上", "{} is not on the roster of designated clusters";
    Reapplication => "{} 可能是已纳入培育的集群 {} {}（{}）：已纳入的不再重新申报", "{} may be the designated cluster {} {} ({}): designated clusters do not apply again";
    SameId => "编号相同", "the same id";
    SameName => "名称相同", "the same name";
    CloseName => "同市州、同产业、名称相近", "same prefecture and industry, a close name";
    BlankFormField => "申报表的“{}”未填", "the form's {} is blank";
    AbsentFormField => "申报表没有“{}”一栏", "the form has no {} field";
    LabelFindings => "审查提示（{} 条）", "pre-screen findings ({})";
    LabelConditions => "申报条件", "conditions";
    LabelEvidence => "证明材料", "evidence";
    LabelPages => "页", "p.";
    LabelSource => "来源", "source";
    LabelBundle => "评审包", "bundle";
    LabelCoreEnterprises => "核心企业", "core enterprises";
    LabelAnnualSales => "年销售收入", "annual sales";
    DuplicateSeq => "序号 {} 重复", "item number {} is used twice";
    LabelApplication => "申报信息", "application";
    LabelSalesGrowth => "销售收入增长", "sales growth";
    LabelRegionGrowth => "地区工业销售增长", "region's industrial sales growth";
    LabelEnergy => "单位工业增加值能耗", "energy per unit of value added";
    LabelLocalEnergy => "当地平均能耗", "local average energy";
    LabelEmissions => "三废排放达标", "emissions compliant";
    LabelBrands => "省级以上品牌", "provincial or higher brands";
    LabelPatents => "专利", "patents";
    LabelRdPlatforms => "研发平台", "R&D platforms";
    LabelEnterprises => "企业数", "enterprises";
    LabelEmployment => "从业人数", "employment";
    LabelPark => "园区", "park";
    LabelContact => "联系人", "contact";
    Yes => "是", "yes";
    No => "否", "no";
    NotGiven => "未填", "not given";
    Guidance => "评分标准", "guidance";
    LinkedEvidence => "证明材料", "evidence";
    NoEvidence => "（无证明材料）", "(no evidence)";
    Persons => "人", "persons";
    WanYuan => "万元", "10k yuan";
    YiYuan => "亿元", "100M yuan";
    Colon => "：", ": ";
    RoundAssessment => "考核", "assessment";
    RoundApplication => "申报", "application";
    IndSales => "销售收入", "sales revenue";
    IndEmployment => "就业人数", "employment";
    IndInvestment => "固定资产投资", "fixed-asset investment";
    IndTaxes => "工商税收", "taxes paid";
    // Conditions
    CondScale => "规模较大", "large scale";
    CondDistinct => "特色鲜明", "distinctive";
    CondConcentration => "集中度高", "concentrated";
    CondCompetitive => "竞争力强", "competitive";
    CondGrowth => "成长性好", "growing";
    CondGreen => "绿色低碳", "green";
    CondSmart => "智慧互联", "smart";
    Pass => "符合", "pass";
    Fail => "不符合", "fail";
    Unknown => "待专家判断", "for the experts";
    WhyScale => "年销售收入 {}亿元 {} 20亿元", "annual sales {} {} 20 (in 100M yuan)";
    WhyConcentration => "所列 {} 家核心企业年销售额均达1亿元以上", "all {} listed core enterprises have annual sales of 100M yuan or more";
    WhyCoreBelow => "{} 家核心企业年销售额不足1亿元：{}", "{} core enterprises below 100M yuan a year: {}";
    WhyCoreBlank => "核心企业销售额未填：{}（待核实）", "core enterprises without sales figures: {} (to be verified)";
    WhyCompetitive => "省级以上名牌或著名商标 {} 个", "{} provincial-level or higher brands or famous trademarks";
    WhyGrowth => "集群增速 {}% {} 本区域 {}%", "cluster growth {}% {} the region's {}%";
    WhyGreen => "单位增加值能耗 {} {} 本地平均 {}（吨标准煤/万元）", "energy per value added {} {} the local average {} (tonnes of coal equivalent per 10k yuan)";
    WhyEmissions => "“三废”排放未达标", "emissions not compliant";
    WhyEmissionsBlank => "“三废”排放达标未填（待核实）", "emissions compliance left blank (to be verified)";
    WhyMissing => "缺少数据：{}", "missing figures: {}";
    WhyJudgement => "由专家根据材料判断", "judged by the experts from the evidence";
    // Terminal UI
    ActQuit => "退出", "quit";
    ActUp => "上移", "up";
    ActDown => "下移", "down";
    ActPageUp => "上翻页", "page up";
    ActPageDown => "下翻页", "page down";
    ActTop => "到顶", "top";
    ActBottom => "到底", "bottom";
    ActOpen => "打开", "open";
    ActBack => "返回", "back";
    ActForward => "前进", "forward";
    ActSearch => "搜索", "search";
    ActEvidence => "证明材料", "evidence";
    ActHelp => "帮助", "help";
    ActNextRound => "切换轮次", "round";
    ActNextPrefecture => "切换市州", "prefecture";
    ActNextSort => "排序", "sort";
    ActNextItem => "按评分项筛选", "filter by item";
    ActCancel => "取消", "cancel";
    ActDeleteBack => "删除", "delete";
    ScreenList => "集群", "clusters";
    ScreenDetail => "集群详情", "cluster";
    ScreenEvidence => "证明材料", "evidence";
    ScreenSearch => "搜索", "search";
    ScreenHelp => "帮助（按 Esc 关闭）", "help (Esc closes)";
    AllRounds => "全部轮次", "all rounds";
    AllPrefectures => "全部市州", "all prefectures";
    AllItems => "全部评分项", "all items";
    Showing => "显示 {} / {} 个集群", "showing {} of {} clusters";
    SortBy => "排序：{}", "sort: {}";
    ColId => "编号", "id";
    ColName => "集群名称", "name";
    ColPrefecture => "市州", "prefecture";
    ColIndustry => "主导产业", "industry";
    ColSales => "新增销售(万元)", "sales+ 10k yuan";
    ListLegend => "{} 数据待核对  {} 有未保存的草稿", "{} figures to check  {} unsaved draft";
    ColGrowth => "增长", "growth";
    ColFlags => "核查", "checks";
    ColRound => "轮次", "round";
    ColTitle => "材料名称", "title";
    ColItem => "评分项", "item";
    ColPages => "页数", "pages";
    ColFile => "文件", "file";
    SearchPrompt => "搜索（中文、拼音首字母或编号）：", "search (Chinese, pinyin initials or id): ";
    SearchHits => "{} 个结果", "{} results";
    HitCluster => "集群", "cluster";
    HitEvidence => "材料", "evidence";
    NeedsTerminal => "界面需要终端；在脚本中请用 find 和 show", "the interface needs a terminal; in scripts use find and show";
    TooSmall => "终端太小：至少需要 {}×{}，现在 {}×{}", "terminal too small: need {}×{}, have {}×{}";
    EvidenceInfo => "文件：{}  大小：{} 字节  SHA-256：{}", "file: {}  size: {} bytes  SHA-256: {}";
    NoneFound => "（无）", "(none)";
    OpenHint => "证明材料文件在评审包中：{}", "the evidence file is in the bundle: {}";
    RubricItems => "评分项", "rubric items";
    // Scoring
    FieldScore => "分数", "score";
    FieldComment => "评语", "comment";
    FieldConclusion => "结论", "conclusion";
    FieldOpinion => "评审意见", "opinion";
    FieldConflict => "回避", "conflict of interest";
    ScoreNotNumber => "分数应为数字，实为 {}", "a score is a number, found {}";
    ScoreRange => "分数须在 {}–{} 之间", "a score lies between {} and {}";
    ScoreStep => "分数须为 {} 的整数倍（满分 {}）", "a score is a multiple of {} (max {})";
    UnknownItem => "评分标准中没有评分项 {}", "the rubric has no item {}";
    UnknownConclusion => "结论“{}”不在可选项中（{}）", "conclusion {} is not one of the choices ({})";
    TooLong => "文字过长（最多 {} 字）", "the text is too long (at most {} characters)";
    ReasonNeeded => "声明回避须写明理由", "a conflict of interest needs a reason";
    Recused => "已声明回避：本集群不再接受您的评分", "conflict declared: this cluster takes no scores from you";
    ProgressNotStarted => "未开始", "not started";
    ProgressInProgress => "进行中", "in progress";
    ProgressComplete => "已完成", "complete";
    ProgressRecused => "回避", "recused";
    ReviewerBusy => "评审专家“{}”正在另一个会话中使用这个数据库（{}）。请先退出那个会话，或用 --reviewer 以其他专家身份打开。", "reviewer {} is already reviewing in another session on this store ({}). Quit that session first, or open as another reviewer with --reviewer.";
    NoRubric => "集群 {} 的轮次没有评分标准", "the round of cluster {} has no rubric";
    Empty => "（空）", "(empty)";
    HowUndo => "撤销", "undo";
    HowRedo => "重做", "redo";
    AskName => "首次使用：请输入您的姓名（评审专家），按 Enter 确认", "first start: type your name (the reviewer) and press Enter";
    NameNeeded => "请输入姓名（1–40 个字）", "type a name (1–40 characters)";
    Welcome => "评审专家：{}", "reviewer: {}";
    DraftRestored => "已恢复 {} 保存的草稿（确认后才记入评审）", "draft restored from {} (not part of the review until confirmed)";
    DraftKept => "未确认的文字已存为草稿，再次打开时恢复", "the unconfirmed text is kept as a draft and comes back when reopened";
    KeepConflict => "保持回避", "keep the conflict";
    WithdrawConflict => "撤回回避声明", "withdraw the conflict";
    Saved => "已保存：{} {} = {}", "saved: {} {} = {}";
    Undone => "已撤销：{} {}：{} → {}", "undone: {} {}: {} → {}";
    Redone => "已重做：{} {}：{} → {}", "redone: {} {}: {} → {}";
    NothingToUndo => "没有可撤销的修改", "nothing to undo";
    NothingToRedo => "没有可重做的修改", "nothing to redo";
    AllSettled => "全部集群已完成评审（或已回避）", "every cluster is complete (or recused)";
    ProfileSave => "无法保存评审专家信息 {}：{}", "cannot save the reviewer profile {}: {}";
    ProfileRead => "无法读取评审专家信息 {}：{}", "cannot read the reviewer profile {}: {}";
    ActDeleteForward => "向后删除", "delete forward";
    ActEdit => "评分/编辑", "score / edit";
    ActComment => "评语", "comment";
    ActOpinion => "评审意见", "opinion";
    ActConclude => "结论", "conclusion";
    ActConflict => "回避", "conflict";
    ActIncrease => "加一档", "step up";
    ActDecrease => "减一档", "step down";
    ActClear => "清除分数", "clear score";
    ActUndo => "撤销", "undo";
    ActRedo => "重做", "redo";
    ActNextIncomplete => "下一个未完成", "next incomplete";
    ActProgress => "进度", "progress";
    ActConfirm => "保存", "save";
    ActNewline => "换行", "new line";
    ActCaretLeft => "光标左移", "cursor left";
    ActCaretRight => "光标右移", "cursor right";
    ActCaretUp => "光标上移", "cursor up";
    ActCaretDown => "光标下移", "cursor down";
    ActCaretHome => "行首", "line start";
    ActCaretEnd => "行尾", "line end";
    ActNextField => "保存并到下一项", "save, next item";
    ActPreviousField => "保存并到上一项", "save, previous item";
    ActPreviousPrefecture => "上一个市州", "previous prefecture";
    ActChoosePrefecture => "选择市州", "choose prefecture";
    ScreenEdit => "输入", "typing";
    ScreenChoose => "选择", "choosing";
    ColProgress => "状态", "status";
    ColTotal => "总分", "total";
    LabelProgress => "进度", "progress";
    LabelReviewer => "评审专家", "reviewer";
    ScoreHint => "0–{}，步长 {}", "0–{}, step {}";
    ConditionSummary => "条件：符合 {} · 不符合 {} · 待判断 {}", "conditions: {} pass · {} fail · {} for the experts";
    RecusedBanner => "已声明回避：{}", "conflict declared: {}";
    ProgressTitle => "评审进度", "review progress";
    ShortNotStarted => "—", "-";
    ShortInProgress => "进行", "part";
    ShortComplete => "完成", "done";
    ShortRecused => "回避", "out";
    AllBundle => "全部", "all";
    // Keys, export, verify
    KeyRead => "无法读取密钥 {}：{}", "cannot read the key {}: {}";
    KeyUnprotected => "私钥 {} 的权限为 {}，其他用户可读；已拒绝（请执行 chmod 600）", "the private key {} has mode {} and others can read it; refused (chmod 600 it)";
    KeyNotEd25519 => "密钥 {} 是 {} 密钥，不能签署评审文件：评审只用 Ed25519 密钥（ssh-keygen -t ed25519，或 pingshen keygen）", "the key {} is a {} key and cannot sign reviews: reviews use Ed25519 keys (ssh-keygen -t ed25519, or pingshen keygen)";
    KeyPassphrase => "密钥 {} 的口令不正确或未提供", "wrong or missing passphrase for the key {}";
    KeyExists => "密钥 {} 已存在，不会覆盖", "the key {} exists already and is not overwritten";
    KeyWrite => "无法写入密钥 {}：{}", "cannot write the key {}: {}";
    KeyUnnameable => "评审专家姓名“{}”无法写入 allowed_signers（不能含逗号、*、?、双引号、控制字符，也不能以 ! 开头）", "the reviewer name {} cannot be written in allowed_signers (no comma, *, ?, double quote or control character, and no leading !)";
    KeyOtherReviewer => "本账户的评审专家是“{}”；为另一位评审专家“{}”生成密钥时请用 --key 路径 指定存放位置", "this account's reviewer is {}; to make a key for another reviewer, {}, say where with --key PATH";
    SignersLine => "{} 第 {} 行：{}", "{} line {}: {}";
    SignersSkipped => "已跳过（ssh-keygen 同样不用此行）", "skipped (ssh-keygen does not use this line either)";
    SignersInvalidLine => "格式不对：应为“签名人 [选项] 密钥类型 base64密钥 [注释]”", "not a signer line: expected principals [options] key-type base64-key [comment]";
    SignersOpenQuote => "引号未闭合", "a quote is not closed";
    SignersMissingKey => "缺少密钥", "no key";
    SignersInvalidKey => "密钥无法读取", "the key cannot be read";
    SignersUnusedKey => "{} 密钥不能签署评审文件（评审只用 Ed25519）", "a {} key never signs reviews (reviews use Ed25519)";
    SignersBadOptions => "选项无效：{}", "bad options: {}";
    SignersUnknownOption => "未知选项", "unknown option";
    SignersOptionTwice => "{} 出现两次", "{} given twice";
    SignersUnquoted => "选项的值须用双引号括起", "an option's value must be in double quotes";
    SignersBadTime => "{} 的时间无效（应为 YYYYMMDD[HHMM[SS]][Z]）", "{}: not a time (YYYYMMDD[HHMM[SS]][Z])";
    SignersBeforeAfter => "valid-before 不晚于 valid-after", "valid-before is not after valid-after";
    SignersTrailingComma => "选项以逗号结尾", "the options end with a comma";
    SigNoHeader => "缺少签名文件头（第一行应正好是 -----BEGIN SSH SIGNATURE-----，换行为 LF）", "no signature header (the first line must be exactly -----BEGIN SSH SIGNATURE----- with an LF line end)";
    SigNoFooter => "缺少签名文件尾 -----END SSH SIGNATURE-----", "no signature footer -----END SSH SIGNATURE-----";
    SigNotBase64 => "签名内容不是有效的 base64", "the signature is not valid base64";
    SigNotCanonical => "签名数据的编码不规范", "the signature's data is not in its one encoding";
    SigNotEd25519 => "应为第 1 版 Ed25519 签名", "expected a version 1 Ed25519 signature";
    VerifyNamespaceNotAllowed => "allowed_signers 第 {} 行只允许该密钥签署命名空间 {}，不含 {}", "allowed_signers line {} allows the key only the namespaces {}, not {}";
    VerifyBadSignature => "签名无效：{}", "bad signature: {}";
    VerifyUnknownSigner => "签名密钥 {} 不在 allowed_signers 中", "the signing key {} is not in allowed_signers";
    VerifyNamespace => "签名的命名空间为 {}，应为 {}", "the signature's namespace is {}, expected {}";
    VerifyExpired => "签名密钥 {} 在 allowed_signers 第 {} 行规定的有效期之外", "the signing key {} is outside its validity (allowed_signers line {})";
    VerifySignerMismatch => "文件署名的评审专家“{}”与签名密钥 {} 不符", "the file names reviewer {} but is signed by the key {}, which is not theirs";
    FileMalformed => "评审文件格式错误：{}", "malformed review file: {}";
    FileVersion => "评审文件格式为 {} 版本 {}，本程序读取 {} 版本 {}", "the review file is {} version {}; this build reads {} version {}";
    ExportIncomplete => "评审未完成（{} / {} 个集群已完成或回避）；如确需导出未完成的评审，请加 --incomplete", "the review is incomplete ({} of {} clusters complete or recused); add --incomplete to export it anyway";
    ExportWrite => "无法写入 {}：{}", "cannot write {}: {}";
    KeyMismatch => "私钥与其公钥不符", "the private key does not match its public key";
    NoKey => "尚无签名密钥：请先执行 pingshen keygen（或用 --key 指定已有的 Ed25519 密钥）", "no signing key yet: run pingshen keygen first (or name an Ed25519 key with --key)";
    NoReviewer => "尚未设置评审专家姓名：请用 --reviewer 姓名", "no reviewer name yet: give one with --reviewer NAME";
    AskPassphrase => "密钥口令：", "key passphrase: ";
    AskNewPassphrase => "为新密钥设置口令（直接回车则不设口令）：", "passphrase for the new key (empty for none): ";
    AskPassphraseAgain => "再输入一次：", "again: ";
    PassphraseMismatch => "两次输入的口令不一致", "the passphrases do not match";
    KeyMade => "已生成密钥 {}（{}）", "made the key {} ({})";
    KeyAdopted => "将使用密钥 {}（{}）", "will sign with the key {} ({})";
    WhoName => "评审专家：{}", "reviewer: {}";
    WhoKey => "签名密钥：{}  {}", "signing key: {}  {}";
    WhoLine => "交给省经信厅加入 allowed_signers 的一行：", "the line to hand to the office for its allowed_signers:";
    Exported => "已导出 {}（第 {} 次导出；{} / {} 个集群完成或回避），签名 {}", "exported {} (export {}; {} of {} clusters complete or recused), signature {}";
    Verified => "验证通过：评审专家 {}（{}，allowed_signers 第 {} 行）", "verified: reviewer {} ({}, allowed_signers line {})";
    VerifiedBundle => "评审包 {} {}，第 {} 次导出，{}", "bundle {} {}, export {}, {}";
    VerifiedCounts => "集群 {}：完成 {}，进行中 {}，未开始 {}，回避 {}；分数 {} 个", "clusters {}: {} complete, {} in progress, {} not started, {} recused; {} scores";
    Complete => "完整", "complete";
    Incomplete => "未完成（按要求导出）", "incomplete (exported on request)";
    SigMismatch => "文件内容与签名不符（文件或签名被改动、截断，或不是同一次导出）", "the file's bytes do not match the signature (the file or the signature was changed or truncated, or they are from different exports)";
    ActExport => "导出签名评审文件", "export the signed review";
    ExportWhere => "评审文件保存到（同时写出 .sig 签名文件）", "write the review file to (and its .sig signature beside it)";
    ExportAnyway => "评审未完成（{} / {} 个集群已完成或回避）。仍要导出吗？", "the review is incomplete ({} of {} clusters complete or recused). Export anyway?";
    ExportCancel => "取消", "cancel";
    ChoosePrefecture => "输入市州名称或拼音：", "type a prefecture's name or pinyin: ";
    AtMaximum => "{} 已是最高分 {}", "{} is at its maximum, {}";
    AtMinimum => "{} 已是最低分 {}", "{} is at its minimum, {}";
    HelpEverywhere => "各处通用", "everywhere";
    HelpIntro => "评分：打开集群，在评分项上直接输入数字（如 8.5），按 Enter 保存并到下一项；Tab 或下方向键同样保存并到下一项，Shift-Tab 或上方向键回到上一项；+ 和 - 按步长加减。选中的评分项下方显示评分标准、分值范围和对应的证明材料。\n评完各项后，在“结论”行按 Enter 选择结论（数字键直选），在“评审意见”行按 Enter 撰写意见（Ctrl-S 保存）。每次保存都立即写入磁盘。\n标记：! 数据待核对（如新增数与本年减上年不符）；{} 有输入了但未保存的草稿。", "Scoring: open a cluster and type a score on an item row (8.5, say), then Enter: it is saved and the next item is selected; Tab or Down save and go on too, Shift-Tab or Up go back; + and - step by the item's step. Under the selected item: its guidance, its range and step, and the evidence it draws on.\nThen Enter on the conclusion row chooses the conclusion (a digit picks it), and Enter on the opinion row writes the opinion (Ctrl-S saves). Every save is on disk at once.\nMarks: ! a figure to check (an increment that is not this year minus last); {} text typed but not saved (a draft).";
    MoreAbove => "上面还有内容（PgUp）", "more above (PgUp)";
    MoreBelow => "下面还有内容（PgDn）", "more below (PgDn)";
    MoreAboveBelow => "上下还有内容（PgUp/PgDn）", "more above and below (PgUp/PgDn)";
    KindPdf => "PDF 文件，共 {} 页", "a PDF file of {} pages";
    KindPdfUnreadable => "PDF 文件（无法读取其内容）", "a PDF file (its content cannot be read)";
    PdfNoText => "没有文字层（扫描件）", "no text layer (a scan)";
    PdfTitle => "标题", "title";
    PdfAuthor => "作者", "author";
    PdfProducer => "生成程序", "producer";
    PdfCreated => "创建时间", "created";
    KindImage => "{} 图片", "a {} image";
    KindImageSized => "{} 图片，{}×{} 像素", "a {} image, {}×{} pixels";
    KindZip => "Office 文档或压缩包（zip）", "an Office document or a zip archive";
    KindOle => "旧版 Office 文档（.doc/.xls）", "a legacy Office document (.doc/.xls)";
    KindText => "文本文件", "a text file";
    KindBinary => "二进制文件", "a binary file";
    OpenElsewhere => "在有图形界面的电脑上查看（配置 opener，或从评审包中取出该文件）", "view it on a computer with a display (set opener, or take the file out of the bundle)";
    CliUsage => "用法：", "Usage: ";
    Paren => "（{}）", " ({})";
    WithUnit => "{}{}", "{} {}";
    ListSep => "、", ", ";
    Semi => "；", "; ";
    CliDefault => "（默认：{}）", " (default: {})";
    CliCommandName => "命令", "COMMAND";
    CliOptionsUsage => "[选项]", "[OPTIONS]";
    BadFlag => "{} 的值应为 {} 之一，实为 {}", "{}: expected one of {}, found {}";
    CliCommands => "命令", "Commands";
    CliOptions => "选项", "Options";
    CliArguments => "参数", "Arguments";
    CliUnknownArgument => "未知的参数：{}", "unexpected argument: {}";
    CliUnknownCommand => "未知的命令：{}", "unknown command: {}";
    CliValueExpected => "参数 {} 的值 {} 无效：{}", "{} has an invalid value {}: {}";
    PointsExpected => "应为不小于 0 的分值，最多两位小数（如 15、7.5）", "expected points, not negative, at most two decimals (15, 7.5)";
    CliInvalidValue => "参数 {} 的值 {} 无效", "{} has an invalid value: {}";
    CliMissing => "缺少必需的参数：{}", "missing required arguments: {}";
    CliTooMany => "多余的参数：{}", "unexpected extra argument: {}";
    CliNoValue => "参数 {} 需要一个值", "{} needs a value";
    CliConflict => "参数 {} 不能与 {} 同时使用", "{} cannot be used with {}";
    CliOther => "命令行有误", "the command line is not right";
    CliMaybe => "您是否想用：{}", "did you mean: {}";
    CliMore => "运行 pingshen --help 查看用法", "run pingshen --help for how to use it";
    ChooseConclusion => "选择本集群的结论：按数字键直接选定，或用方向键和 Enter", "choose the cluster's conclusion: a digit picks it, or the arrow keys and Enter";
    WithdrawQuestion => "您已声明回避。撤回回避声明吗？", "you declared a conflict of interest. Withdraw it?";
    ConflictNote => "写明回避的理由（如：本人曾参与该集群规划编制），Enter 保存，Esc 取消", "give the reason for the conflict (e.g. you helped draft the cluster's plan); Enter saves, Esc cancels";
    ExportDrafts => "有 {} 处输入了但未保存的文字（草稿，集群 {}），不会写入评审文件。仍要导出吗？", "{} fields have text typed but not saved (drafts, clusters {}); it is not in the review file. Export anyway?";
    ExportWithoutDrafts => "导出（不含草稿）", "export (without the drafts)";
    ExportIncompleteChoice => "导出（文件中注明未完成）", "export (the file says it is incomplete)";
    ExportConfirmTitle => "导出评审", "export";
    LabelPassphrase => "签名密钥口令", "signing key passphrase";
    // Merge
    RuleMean => "各专家评分的平均分", "the mean of the reviewers' scores";
    RuleMedian => "各专家评分的中位数", "the median of the reviewers' scores";
    RuleTrimmed => "去掉一个最高分和一个最低分后的平均分（有效评分不少于 {} 个时；不足时取平均分）", "the mean after dropping one highest and one lowest score (with at least {} valid scores; below that, the mean)";
    RuleMeanShort => "平均", "mean";
    RuleMedianShort => "中位数", "median";
    RuleTrimmedShort => "去高去低平均", "trimmed mean";
    RoundingRule => "精确十进制计算，结果只在最后四舍五入一次到 0.01 分（五入远离零）；标准差为总体标准差；最终得分相同者名次并列", "exact decimal arithmetic, each result rounded once to 0.01 point (half away from zero); the standard deviation is the population one; equal final scores share a rank";
    MergeSameSequence => "评审专家“{}”有两份不同的第 {} 次导出：{}。请用 --prefer 文件 指定采用哪一份", "reviewer {} has two different files with sequence {}: {}. Choose one with --prefer FILE";
    MergeSameName => "评审专家“{}”以两把不同的密钥签名了评审文件：{}。请核实后只保留一份", "reviewer {} signed review files with two different keys: {}. Check and keep one";
    MergeNothing => "没有可用的评审文件", "no review file could be used";
    MergeOtherBundle => "评审包 {} 与其他评审文件的评审包 {} 不同", "bundle {} is not the bundle {} of the other review files";
    MergeOtherRubric => "评分标准与其他评审文件不同", "the rubric differs from the other review files'";
    CheckRubric => "{} 轮次的评分标准与评审包的不同", "the {} rubric is not the bundle's";
    CheckRounds => "评审文件的轮次 {} 与评审包的轮次 {} 不符", "the file's rounds {} are not the bundle's rounds {}";
    CheckItems => "{} 轮次的评分项与评审包的评分标准不符", "the {} items are not those of the bundle's rubric";
    CheckUnknownCluster => "集群 {} 不在评审包中", "cluster {} is not in the bundle";
    CheckMissingCluster => "缺少评审包中的集群 {}（共缺 {} 个）", "the bundle's cluster {} is missing ({} missing in all)";
    CheckWrongRound => "集群 {} 属于 {} 轮次，文件却列在另一轮次", "cluster {} belongs to the {} round but is listed under another";
    CheckRange => "集群 {} 评分项 {}：分数 {} 超出 0–{}", "cluster {}, item {}: the score {} is outside 0–{}";
    CheckStep => "集群 {} 评分项 {}：分数 {} 不在步长 {} 上", "cluster {}, item {}: the score {} is not on the step {}";
    CheckConclusion => "集群 {}：结论“{}”不在本轮选项 {} 中", "cluster {}: the conclusion {} is not one of {}";
    CheckStatus => "集群 {}：状态为 {}，但其评分与结论表明为 {}", "cluster {}: the status is {} but its marks make it {}";
    CheckCompleteMissing => "集群 {}：标为完成，但 {} 未填", "cluster {}: marked complete, but {} is not given";
    CheckText => "集群 {}：{}含控制字符或超出长度", "cluster {}: the {} holds control characters or is too long";
    MergeNoBundle => "评审文件所评的评审包 {} 无从核对：请用 --bundle 评审包文件，或用 --db 指定导入过该评审包的库", "the bundle the review files name, {}, is not at hand to check them against: give --bundle BUNDLE.tar, or --db a store that imported it";
    MergeInvalid => "内容不符合评审包：{}", "content does not fit the bundle: {}";
    MergeGivenTwice => "{}：重复给出，只读一次", "{}: given twice, read once";
    MergeRefusedSome => "有 {} 份评审文件被拒绝（见上）；其余文件的结果已写出", "{} review files were refused (see above); the result of the others is written";
    CheckedAgainst => "内容已按评审包 {} 的评分标准核对", "content checked against the rubric of bundle {}";
    NotCheckedContent => "未核对内容：评审包 {} 不在手边（可用 --bundle 或 --db 指定）", "content not checked: bundle {} is not at hand (give --bundle or --db)";
    MergeNotPreferred => "同一序号的另一份文件 {} 经 --prefer 指定采用", "the other file with the same sequence, {}, was chosen with --prefer";
    DivSpread => "总分极差 {} 超过 {}", "totals spread {} more than {}";
    DivSd => "总分标准差 {} 超过 {}", "totals' standard deviation {} more than {}";
    DivConclusions => "结论不一致：{}", "conclusions differ: {}";
    DivSpreadShort => "极差{}", "spread {}";
    DivSdShort => "标准差{}", "sd {}";
    DivConclusionsShort => "结论不一", "conclusions";
    ColRank => "名次", "rank";
    ColTied => "并列", "tied";
    Tied => "并列", "tied";
    ColItemName => "评分项名称", "item name";
    ColKind => "类别", "kind";
    ColText => "内容", "text";
    ColFinal => "最终得分", "final";
    ColRule => "计分规则", "rule";
    ColCount => "评分数", "scores";
    ColMean => "平均", "mean";
    ColMedian => "中位数", "median";
    ColMin => "最低", "min";
    ColMax => "最高", "max";
    ColSpread => "极差", "spread";
    ColSd => "标准差", "sd";
    ColRecused => "回避", "recused";
    ColMissing => "未完成", "not complete";
    ColDivergence => "分歧", "divergence";
    ColKey => "密钥指纹", "key fingerprint";
    ColSha => "SHA-256", "SHA-256";
    ColSequence => "导出序号", "sequence";
    ColOutcome => "结果", "outcome";
    ColWhy => "说明", "reason";
    OutcomeUsed => "采用", "used";
    OutcomeDuplicate => "重复（计一次）", "duplicate (counted once)";
    OutcomeSuperseded => "已被新版取代", "superseded";
    OutcomeRefused => "拒绝", "refused";
    MergeInput => "{}：{} {}", "{}: {} {}";
    MergeDone => "已合并 {} 位评审专家的评审（{} 个集群，{} 个分歧），写出：", "merged the reviews of {} reviewers ({} clusters, {} divergent), wrote:";
    MergeMissing => "{} 未完成 {} 个集群：{}", "{} has not completed {} clusters: {}";
    ResultsTitle => "评审结果", "results";
    OnlyDivergent => "只看分歧", "divergent only";
    ResultsHelp => "排名按轮次排列，最终得分按所列计分规则计算，名次后的 = 表示并列。标 ! 的集群存在分歧：列表中写明原因（总分极差或标准差超过阈值，或结论不一致）。Enter 查看集群：各专家的分项分数、总分、结论、评语和评审意见并列显示；/ 按名称、拼音或编号查找。", "The ranking is by round; the final score follows the rule named, and = after a rank marks a tie. Clusters marked ! diverge, and the list says why (the totals' spread or standard deviation beyond its limit, or conclusions that differ). Enter opens a cluster: each reviewer's item scores, total, conclusion, comments and opinion side by side; / finds clusters by name, pinyin or id.";
    // Templates
    TemplatesWritten => "已写出 {} 个空白模板到 {}", "wrote {} blank templates to {}";
}

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
    ("prefer", "同一专家同一序号的两份不同文件，采用此文件"),
    ("sign", "用您的密钥签名结果清单（命名空间 pingshen-result）"),
    ("result", "汇总结果（RESULT.json 或工作簿）"),
    ("cluster", "只看此集群"),
    ("help", "显示帮助"),
    ("version", "显示版本"),
];

/// The command line's Chinese help text for `key`.
pub fn zh_help(key: &str) -> Option<&'static str> {
    ZH_HELP.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// A figure with its unit, as the language writes it (`12万元`, `12 10k yuan`).
pub fn with_unit(figure: &dyn Display, unit: M) -> String {
    trf(M::WithUnit, &[figure, &tr(unit)])
}

/// An operating-system error in the reader's language (the kinds people
/// meet; others keep the system's words).
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => tr(M::IoNotFound).to_string(),
        K::PermissionDenied => tr(M::IoPermission).to_string(),
        K::AlreadyExists => tr(M::IoExists).to_string(),
        _ => trf(M::IoOther, &[e]),
    }
}

/// The text of a message in the current language.
pub fn tr(m: M) -> &'static str {
    m.text(lang())
}

/// The text of a message with its `{}` placeholders filled in order.
pub fn trf(m: M, args: &[&dyn Display]) -> String {
    fill(tr(m), args)
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_placeholders() {
        for m in M::ALL {
            let zh = m.text(Lang::Zh).matches("{}").count();
            let en = m.text(Lang::En).matches("{}").count();
            assert_eq!(zh, en, "{m:?}");
            assert!(!m.text(Lang::Zh).is_empty() && !m.text(Lang::En).is_empty());
        }
    }

    #[test]
    fn english_texts_hold_no_chinese_but_the_names_of_the_forms() {
        // The official forms and the values a form asks for keep their
        // names in English too: they are what is printed on them.
        let names = ["表二", "附件3", "申报表", "是", "否"];
        for m in M::ALL {
            let mut t = m.text(Lang::En).to_string();
            for n in names {
                t = t.replace(n, "");
            }
            assert!(
                !t.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)),
                "{m:?}: {}",
                m.text(Lang::En)
            );
        }
    }

    #[test]
    fn fill_in_order() {
        assert_eq!(fill("{} 与 {}", &[&1, &"二"]), "1 与 二");
        assert_eq!(fill("no args", &[]), "no args");
    }
}
