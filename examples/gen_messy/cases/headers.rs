//! Headers as offices write them: ids with spaces or the wrong form, sign-off
//! rows, units rows (万元, 亿元, conflicting), code rows, statistics wording.

use super::super::*;

pub(crate) fn cases() -> Vec<Case> {
    let a = 0usize;
    let header = || vec![header_row(&flat_header())];
    vec![
        case(
            "表二-id-spaces-and-dash",
            "an id with spaces around it and a full-width dash inside",
            official(with(a, "id", t(" KH－429006-01\u{3000}"))),
            read(),
        ),
        case(
            "表二-bad-id",
            "an id that is no cluster id (its dash lost, its number cut): refused at its cell",
            official(with(a, "id", t("KH429006-1X"))),
            Expect::Refused(vec!["表二!A5: expected a cluster id"]),
        ),
        case(
            "表二-sign-off-row",
            "a flat table followed straight by the sign-off row (填表人, 审核人, 联系电话)",
            vec![flat("表二", header(), |_| {}, sign_off())],
            read(),
        ),
        case(
            "表二-units-row",
            "headers without units, the units (家, 万元, 人) in a row of their own under them",
            vec![flat(
                "表二",
                vec![
                    header_row(
                        &flat_header()
                            .iter()
                            .map(|h| {
                                h.replace("（万元）", "")
                                    .replace("（人）", "")
                                    .replace("（家）", "")
                            })
                            .collect::<Vec<_>>(),
                    ),
                    units_row(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-units-row-yi",
            "sales in 亿元, said only by the units row under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(
                        &flat_header()
                            .iter()
                            .map(|h| h.replace("销售收入（万元）", "销售收入"))
                            .collect::<Vec<_>>(),
                    ),
                    units_row()
                        .into_iter()
                        .enumerate()
                        .map(|(i, x)| {
                            if TABLE2_TEMPLATE_ORDER[i].starts_with("sales") {
                                t("亿元")
                            } else {
                                x
                            }
                        })
                        .collect(),
                ],
                |r| {
                    for (i, c) in CLUSTERS.iter().enumerate() {
                        for (j, k) in ["sales_prev", "sales_cur", "sales_inc"].iter().enumerate() {
                            r[i][col(k) as usize] = X::Number(c.figures[0][j] / 10_000.0);
                        }
                    }
                },
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-units-row-conflict",
            "the units row says 亿元 under a header that says 万元: refused at the units cell",
            vec![flat(
                "表二",
                {
                    let mut h = header();
                    let mut units = units_row();
                    units[col("sales_cur") as usize] = t("亿元");
                    h.push(units);
                    h
                },
                |_| {},
                Vec::new(),
            )],
            Expect::Refused(vec![
                "表二!H3: the units row says 亿元 where the header says 万元",
            ]),
        ),
        case(
            "表二-code-row-letters",
            "a column-code row (甲 乙 丙 …) under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(&flat_header()),
                    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"
                        .chars()
                        .map(|c| t(&c.to_string()))
                        .collect(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-code-row-numbers",
            "a column-number row (1 2 3 …, as numbers) under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(&flat_header()),
                    (1..=18).map(|n| X::Number(n as f64)).collect(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-statistics-wording",
            "本期 / 上年同期 / 本期比上年同期增减, as statistics offices head their columns",
            vec![flat(
                "表二",
                vec![header_row(
                    &flat_header()
                        .iter()
                        .map(|h| {
                            h.replace("上年", "上年同期")
                                .replace("本年", "本期")
                                .replace("新增", "本期比上年同期增减")
                        })
                        .collect::<Vec<_>>(),
                )],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
    ]
}
