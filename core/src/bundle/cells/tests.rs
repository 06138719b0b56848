use crate::bundle::workbook::Value;
use crate::text;

use super::*;

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

#[test]
fn money_from_text_is_exact() {
    assert_eq!(
        scaled_int(&t("12,345.6789"), Unit::Wan),
        Ok(Some(123_456_789))
    );
    assert_eq!(
        scaled_int(&t("１２，３４５．６"), Unit::Wan),
        Ok(Some(123_456_000))
    );
    assert_eq!(scaled_int(&t(" 3.5 "), Unit::Yi), Ok(Some(350_000_000)));
    assert_eq!(scaled_int(&t("-"), Unit::Wan), Ok(None));
    assert_eq!(scaled_int(&Value::Number(0.1), Unit::Wan), Ok(Some(1_000)));
    assert!(scaled_int(&t("约3亿"), Unit::Wan).is_err());
    assert!(scaled_int(&t("1.2.3"), Unit::Wan).is_err());
    assert!(scaled_int(&Value::Date("2018-01-01".into()), Unit::Wan).is_err());
    // Accounting negatives and every minus sign.
    for neg in [
        "(11,769.25)",
        "（11,769.25）",
        "−11769.25",
        "－11,769.25",
        "-11769.25",
    ] {
        assert_eq!(
            scaled_int(&t(neg), Unit::Wan),
            Ok(Some(-117_692_500)),
            "{neg}"
        );
    }
    // Units written in the cell are the units read.
    assert_eq!(
        scaled_int(&t("385,210.45万元"), Unit::Wan),
        Ok(Some(3_852_104_500))
    );
    assert_eq!(
        scaled_int(&t("3,852,104,500元"), Unit::Wan),
        Ok(Some(3_852_104_500))
    );
    assert_eq!(
        scaled_int(&t("38.52亿元"), Unit::Wan),
        Ok(Some(3_852_000_000))
    );
    assert!(
        scaled_int(&t("3家"), Unit::Wan).is_err(),
        "a count is no amount"
    );
    assert!(scaled_int(&Value::Percent(0.1), Unit::Wan).is_err());
    // More precise than a yuan: kept rounded, and said so.
    assert!(excess_precision(&t("385210.456789"), Unit::Wan));
    assert!(!excess_precision(&t("385210.4567"), Unit::Wan));
    assert!(excess_precision(&Value::Number(0.123456), Unit::Wan));
    assert!(!excess_precision(&Value::Number(12.5), Unit::Wan));
    assert!(excess_precision(
        &Value::Number(2_169_058.409_96),
        Unit::Wan
    ));
    assert!(!excess_precision(&Value::Number(2_169_058.41), Unit::Wan));
    assert!(
        !excess_precision(&Value::Number(0.1 + 0.2), Unit::Wan),
        "float noise"
    );
    assert!(!excess_precision(&Value::Number(3e20), Unit::Yuan));
    assert!(excess_precision(&Value::Number(0.5), Unit::Person));
}

#[test]
fn units_from_labels_and_notes() {
    let f = |s: &str| Unit::in_label(&text::fold(s));
    assert_eq!(f("销售收入（万元）"), Some(Unit::Wan));
    assert_eq!(f("年销售额(亿元)"), Some(Unit::Yi));
    assert_eq!(f("就业人数（人）"), Some(Unit::Person));
    assert_eq!(f("增速（%）"), Some(Unit::Percent));
    assert_eq!(f("集群名称"), None);
    assert_eq!(Unit::in_note("单位：亿元"), Some(Unit::Yi));
    assert_eq!(Unit::in_note("填报单位：随州市经信局"), None);
}

#[test]
fn whole_numbers_and_answers() {
    assert_eq!(whole(&t("１２")), Ok(Some(12)));
    assert!(whole(&t("12.5")).is_err());
    assert_eq!(whole(&Value::Number(3.0)), Ok(Some(3)));
    assert_eq!(real(&t("12.5%"), Unit::Percent), Ok(Some(12.5)));
    assert_eq!(real(&Value::Percent(0.142), Unit::Percent), Ok(Some(14.2)));
    assert_eq!(whole(&t("3家")), Ok(Some(3)));
    assert_eq!(whole(&t("45 件")), Ok(Some(45)));
    assert_eq!(whole(&t("5,292人")), Ok(Some(5292)));
    assert!(
        whole(&t("0.5万人")).is_err(),
        "a unit that scales is no measure word"
    );
    assert_eq!(whole(&t("2个")), Ok(Some(2)));
    assert_eq!(
        cluster_id(&t(" ＫＨ－４２０５－０１ ")),
        Ok(Some("KH-4205-01".into()))
    );
    assert_eq!(
        cluster_id(&t("kh-429004-1")),
        Ok(Some("KH-429004-1".into()))
    );
    assert_eq!(cluster_id(&t("sb—4213—02")), Ok(Some("SB-4213-02".into())));
    for bad in [
        "KH4205-01",
        "KH-42-01",
        "集群1",
        "KH-4205-01-2",
        "K H-4205-01x",
    ] {
        assert!(cluster_id(&t(bad)).is_err(), "{bad}");
    }
    assert_eq!(yes_no(&t("是")), Ok(Some(true)));
    assert_eq!(yes_no(&t("不达标")), Ok(Some(false)));
    assert!(yes_no(&t("也许")).is_err());
}
