//! The columns of each workbook a prefecture fills, with the words that
//! recognize their headers. The templates write `label`; the reader accepts
//! any header that has the words. See `docs/bundle.md`.

use crate::model::IndicatorKind;

/// A column a table may have, recognized by the words of its header.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    /// The header as the template writes it; named in "missing column" errors.
    pub label: &'static str,
    /// Every group must have one of its words in the header.
    pub all_of: &'static [&'static [&'static str]],
    /// No word of this list may be in the header.
    pub none_of: &'static [&'static str],
    pub required: bool,
}

const NOT_RATE: &[&str] = &["增长率", "增速", "%", "比重", "占比"];

const fn f(
    key: &'static str,
    label: &'static str,
    all_of: &'static [&'static [&'static str]],
    none_of: &'static [&'static str],
    required: bool,
) -> Field {
    Field {
        key,
        label,
        all_of,
        none_of,
        required,
    }
}

const ID: Field = f(
    "id",
    "集群编号",
    &[&["编号", "代码", "ID"]],
    &["序号", "企业"],
    true,
);
const NAME: Field = f(
    "name",
    "集群名称",
    &[&["集群名称", "集群", "名称"]],
    &["企业", "园区", "编号", "材料", "文件"],
    true,
);

const SALES: &[&str] = &["销售收入", "营业收入", "销售额", "主营业务收入"];
const EMPLOY: &[&str] = &["就业", "从业人员", "从业人数", "用工"];
const INVEST: &[&str] = &["固定资产投资", "固投", "投资额"];
const TAXES: &[&str] = &["税收", "税金", "纳税", "上缴税"];
// Statistics offices write 本期 / 上年同期 / 本期比上年同期增减.
const PREV: &[&str] = &["上年", "去年", "基期", "同期"];
const CUR: &[&str] = &["本年", "当年", "今年", "报告期", "本期"];
const INC: &[&str] = &["新增", "增加额", "增量", "增长额", "净增", "增减"];

/// Words of a sheet's name or title that say which table it holds: among
/// several sheets that hold the columns, the one they name is read. The
/// tables are told apart by address, which is why they are statics (each
/// use of a `const` may be a copy of its own).
pub(crate) fn sheet_words(fields: &[Field]) -> &'static [&'static str] {
    if std::ptr::eq(fields, TABLE2) {
        &["表二", "业绩指标"]
    } else if std::ptr::eq(fields, SUMMARY) {
        &["附件3", "汇总"]
    } else if std::ptr::eq(fields, CATALOGUE) {
        &["目录", "材料"]
    } else {
        &[]
    }
}

/// The three column keys of an indicator: (previous, current, increment).
pub fn indicator_keys(kind: IndicatorKind) -> [&'static str; 3] {
    match kind {
        IndicatorKind::Sales => ["sales_prev", "sales_cur", "sales_inc"],
        IndicatorKind::Employment => ["employment_prev", "employment_cur", "employment_inc"],
        IndicatorKind::Investment => ["investment_prev", "investment_cur", "investment_inc"],
        IndicatorKind::Taxes => ["taxes_prev", "taxes_cur", "taxes_inc"],
    }
}

/// 表二 业绩指标: one row per cluster. Increments come before the yearly
/// columns so that a header like 本年新增 is read as the increment.
pub static TABLE2: &[Field] = &[
    ID,
    NAME,
    f(
        "prefecture",
        "所在市州",
        &[&["市州", "市(州)", "地市", "所属市", "所在市", "市、州"]],
        &[],
        false,
    ),
    f("county", "县（市、区）", &[&["县"]], &[], false),
    f(
        "industry",
        "主导产业",
        &[&["主导产业", "产业类别", "行业", "主营产业"]],
        &[],
        false,
    ),
    f(
        "above_scale",
        "规模以上企业数（家）",
        &[&["规上", "规模以上"], &["企业"]],
        &["收入", "销售", "投资", "税", "就业", "人数", "从业"],
        false,
    ),
    f(
        "sales_inc",
        "新增销售收入（万元）",
        &[SALES, INC],
        NOT_RATE,
        false,
    ),
    f(
        "employment_inc",
        "新增就业人数（人）",
        &[EMPLOY, INC],
        NOT_RATE,
        false,
    ),
    f(
        "investment_inc",
        "新增固定资产投资额（万元）",
        &[INVEST, INC],
        NOT_RATE,
        false,
    ),
    f(
        "taxes_inc",
        "新增上缴工商税收（万元）",
        &[TAXES, INC],
        NOT_RATE,
        false,
    ),
    f(
        "sales_prev",
        "上年销售收入（万元）",
        &[SALES, PREV],
        NOT_RATE,
        true,
    ),
    f(
        "sales_cur",
        "本年销售收入（万元）",
        &[SALES, CUR],
        NOT_RATE,
        true,
    ),
    f(
        "employment_prev",
        "上年就业人数（人）",
        &[EMPLOY, PREV],
        NOT_RATE,
        true,
    ),
    f(
        "employment_cur",
        "本年就业人数（人）",
        &[EMPLOY, CUR],
        NOT_RATE,
        true,
    ),
    f(
        "investment_prev",
        "上年固定资产投资额（万元）",
        &[INVEST, PREV],
        NOT_RATE,
        true,
    ),
    f(
        "investment_cur",
        "本年固定资产投资额（万元）",
        &[INVEST, CUR],
        NOT_RATE,
        true,
    ),
    f(
        "taxes_prev",
        "上年上缴工商税收（万元）",
        &[TAXES, PREV],
        NOT_RATE,
        true,
    ),
    f(
        "taxes_cur",
        "本年上缴工商税收（万元）",
        &[TAXES, CUR],
        NOT_RATE,
        true,
    ),
];

/// The order in which the 表二 template lays out its columns.
pub const TABLE2_TEMPLATE_ORDER: &[&str] = &[
    "id",
    "name",
    "prefecture",
    "county",
    "industry",
    "above_scale",
    "sales_prev",
    "sales_cur",
    "sales_inc",
    "employment_prev",
    "employment_cur",
    "employment_inc",
    "investment_prev",
    "investment_cur",
    "investment_inc",
    "taxes_prev",
    "taxes_cur",
    "taxes_inc",
];

/// 附件3 数据汇总表: one row per cluster with the four increments, and a totals row.
pub static SUMMARY: &[Field] = &[
    f("id", "集群编号", &[&["编号", "代码"]], &["序号"], false),
    NAME,
    f(
        "sales_inc",
        "新增销售收入（万元）",
        &[SALES],
        NOT_RATE,
        true,
    ),
    f(
        "employment_inc",
        "新增就业人数（人）",
        &[EMPLOY],
        NOT_RATE,
        true,
    ),
    f(
        "investment_inc",
        "新增固定资产投资额（万元）",
        &[INVEST],
        NOT_RATE,
        true,
    ),
    f(
        "taxes_inc",
        "新增上缴工商税收（万元）",
        &[TAXES],
        NOT_RATE,
        true,
    ),
];

/// 证明材料目录: one row per evidence item.
pub static CATALOGUE: &[Field] = &[
    f("seq", "序号", &[&["序号", "编号", "No"]], &["集群"], true),
    f(
        "title",
        "材料名称",
        &[&["名称", "标题", "题名", "材料"]],
        &["集群", "路径", "评分", "项目"],
        true,
    ),
    f(
        "rubric_item",
        "对应评分项",
        &[&["评分项", "考核项", "指标", "对应", "条件"]],
        &[],
        true,
    ),
    f("pages", "页数", &[&["页数", "页码", "页"]], &[], false),
    f(
        "path",
        "文件路径",
        &[&["路径", "电子文件", "文件位置", "附件文件", "文件名"]],
        &[],
        true,
    ),
];

/// The label above a catalogue's table that names its cluster.
pub(crate) const CATALOGUE_CLUSTER_LABEL: &str = "集群编号";

/// The field keys of an application form (申报表), in template order, with
/// their labels and the words that recognize the label cell.
pub const FORM: &[(&str, &str, &[&str])] = &[
    ("id", "申报编号", &["申报编号", "集群编号", "编号"]),
    ("name", "集群名称", &["集群名称", "产业集群名称"]),
    (
        "prefecture",
        "所在市州",
        &["所在市州", "市州", "所在市(州)", "市(州)"],
    ),
    (
        "county",
        "县（市、区）",
        &["县(市、区)", "所在县", "县市区"],
    ),
    ("industry", "主导产业", &["主导产业", "产业类别"]),
    (
        "annual_sales",
        "集群年销售收入（万元）",
        &["年销售收入", "年销售额", "销售收入"],
    ),
    (
        "sales_growth",
        "集群销售收入增速（%）",
        &["集群销售收入增速", "集群销售收入增长", "集群增速"],
    ),
    (
        "region_growth",
        "本区域工业销售收入增速（%）",
        &["本区域工业销售收入增速", "区域工业销售收入增", "本区域"],
    ),
    (
        "enterprises",
        "企业数（家）",
        &["企业数", "企业总数", "成员企业"],
    ),
    (
        "above_scale",
        "规模以上企业数（家）",
        &["规模以上企业", "规上企业"],
    ),
    (
        "employment",
        "从业人员（人）",
        &["从业人员", "就业人数", "从业人数"],
    ),
    (
        "energy",
        "单位工业增加值能耗（吨标准煤/万元）",
        &["单位工业增加值能耗", "单位增加值能耗"],
    ),
    (
        "energy_avg",
        "本地工业增加值能耗平均值（吨标准煤/万元）",
        &["本地工业增加值能耗", "能耗平均", "当地平均"],
    ),
    ("emissions", "工业“三废”排放达标", &["三废", "排放达标"]),
    (
        "brands",
        "省级以上名牌或著名商标（个）",
        &["名牌或著名商标(个)", "名牌", "著名商标", "驰名商标"],
    ),
    (
        "brand_names",
        "名牌及商标名称",
        &["名牌及商标名称", "商标名称", "品牌名称"],
    ),
    ("patents", "有效专利数（件）", &["专利"]),
    (
        "rd_platforms",
        "省级以上研发平台（个）",
        &["研发平台", "技术中心", "创新平台"],
    ),
    ("park", "所在园区", &["所在园区", "园区名称", "园区"]),
    ("contact", "联系人", &["联系人"]),
    ("phone", "联系电话", &["联系电话", "电话", "手机"]),
];

/// Words that head the core-enterprise list inside an application form.
pub(crate) const FORM_CORE_NAME: &[&str] = &["企业名称", "核心企业名称"];
pub(crate) const FORM_CORE_SALES: &[&str] = &["销售收入", "销售额"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_has_the_words_that_name_it() {
        assert!(sheet_words(TABLE2).contains(&"表二"));
        assert!(sheet_words(SUMMARY).contains(&"附件3"));
        assert!(sheet_words(CATALOGUE).contains(&"目录"));
        // Reached through a function, as `table::find` gets them.
        let pass = |f: &'static [Field]| sheet_words(f);
        assert!(pass(TABLE2).contains(&"业绩指标"));
    }
}
