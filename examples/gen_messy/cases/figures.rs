//! Figures as offices type them: negatives in accounting style or with
//! other minus signs, units and measure words in cells, precision, totals
//! rows, all at once; and the 申报表 form's percentages and units.

use super::super::*;

pub(crate) fn cases() -> Vec<Case> {
    let a = 0usize;
    let b = 1usize;
    let mut out = vec![
        case(
            "表二-accounting-negative",
            "a decrease typed as an accounting negative: (735)",
            official(with(b, "employment_inc", t("(735)"))),
            read(),
        ),
        case(
            "表二-unicode-minus",
            "a decrease typed with the minus sign U+2212: −735",
            official(with(b, "employment_inc", t("\u{2212}735"))),
            read(),
        ),
        case(
            "表二-full-width-minus",
            "a decrease typed with the full-width minus: －７３５",
            official(with(b, "employment_inc", t("－７３５"))),
            read(),
        ),
        case(
            "表二-units-in-cells",
            "amounts typed with their unit: 2,169,058.41万元, 21,690,584,100元, 0.323642172亿元",
            official({
                let mut r = rows(1.0);
                r[a][col("sales_cur") as usize] = t("2,169,058.41万元");
                r[a][col("sales_prev") as usize] = t("19,383,900,000元");
                r[a][col("taxes_prev") as usize] = t("16.2281亿元");
                r[b][col("investment_inc") as usize] = t("37,394.02 万元");
                r
            }),
            read(),
        ),
        case(
            "表二-measure-words",
            "counts typed with their measure word: 64家, 47366人",
            official({
                let mut r = rows(1.0);
                r[a][col("above_scale") as usize] = t("64家");
                r[b][col("above_scale") as usize] = t("15 家");
                r[a][col("employment_cur") as usize] = t("47,366人");
                r
            }),
            read(),
        ),
        case(
            "表二-precision",
            "an amount typed more precisely than a yuan: warned of at its cell, rounded",
            official(with(a, "sales_cur", X::Number(2_169_058.409_96))),
            Expect::Read(vec![
                "表二!H5: 2169058.40996 is more precise than what is kept",
            ]),
        ),
        {
            let r = TABLE2_FIRST_ROW + 1;
            let (p, cu) = (col("sales_prev"), col("sales_cur"));
            let name = |c: u16| pingshen::bundle::cell_name(r - 1, c as u32);
            let formula = format!("={}-{}", name(cu), name(p));
            let computed = vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "sales_inc",
                X::Computed(formula.clone(), CLUSTERS[0].figures[0][2]),
            )];
            Case {
                xls: Some(read()),
                xls_from: Some(computed),
                ..case(
                    "表二-formula-uncached",
                    "新增 as a formula written by a program that does not calculate (a placeholder 0 saved, the workbook marked to recalculate on load): refused; the .xls holds the formula with its value, and reads",
                    vec![Sheet::official("表二", rows(1.0)).data(
                        0,
                        "sales_inc",
                        X::Formula(formula),
                    )],
                    Expect::Refused(vec![
                        "表二!I5: expected a number in 万元, found a formula saved without its computed value",
                    ]),
                )
            }
        },
        {
            let r = TABLE2_FIRST_ROW + 1;
            let name = |c: u16| pingshen::bundle::cell_name(r - 1, c as u32);
            let formula = format!("={}-{}", name(col("taxes_cur")), name(col("taxes_prev")));
            let computed = vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "taxes_inc",
                X::Computed(formula.clone(), CLUSTERS[0].figures[3][2]),
            )];
            Case {
                xls: Some(read()),
                xls_from: Some(computed),
                patch: Some(drop_formula_values),
                ..case(
                    "表二-formula-no-value",
                    "新增 as a formula saved with no value at all (as openpyxl saves): refused; the .xls holds the formula with its value, and reads",
                    vec![Sheet::official("表二", rows(1.0)).data(
                        0,
                        "taxes_inc",
                        X::Formula(formula),
                    )],
                    Expect::Refused(vec![
                        "表二!R5: expected a number in 万元, found a formula saved without its computed value",
                    ]),
                )
            }
        },
        Case {
            patch: Some(as_excel_saves),
            ..case(
                "表二-formula-computed",
                "every 新增 a formula with the value Excel saved (and no mark to recalculate on load, as Excel saves): read",
                vec![{
                    let mut s = Sheet::official("表二", rows(1.0));
                    for (i, c) in CLUSTERS.iter().enumerate() {
                        let r = TABLE2_FIRST_ROW + i as u32;
                        for (k, kind) in KINDS.iter().enumerate() {
                            let [p, cu, inc] = [
                                col(&format!("{kind}_prev")),
                                col(&format!("{kind}_cur")),
                                col(&format!("{kind}_inc")),
                            ];
                            let name = |c: u16| pingshen::bundle::cell_name(r, c as u32);
                            s.cells.push((
                                r,
                                inc,
                                X::Computed(format!("={}-{}", name(cu), name(p)), c.figures[k][2]),
                            ));
                        }
                    }
                    s
                }],
                read(),
            )
        },
        case(
            "表二-totals-row",
            "a 合计 row under the clusters",
            official({
                let mut r = rows(1.0);
                let mut total = vec![X::Blank, t("合计")];
                total.extend((2..18).map(|_| X::Blank));
                for (i, cell) in total
                    .iter_mut()
                    .enumerate()
                    .skip(col("sales_prev") as usize)
                {
                    let sum: f64 = r
                        .iter()
                        .map(|row| match &row[i] {
                            X::Number(n) => *n,
                            _ => 0.0,
                        })
                        .sum();
                    *cell = X::Number(round2(sum));
                }
                r.push(total);
                r
            }),
            read(),
        ),
        case(
            "表二-all-at-once",
            "a hidden draft sheet, a title, statistics wording without units, a units row, a code row, a hidden old row, a hidden old column, a merged county, a full-width id, an accounting negative, units and measure words in cells, a sign-off row",
            {
                let stats: Vec<String> = flat_header()
                    .iter()
                    .map(|h| {
                        h.replace("上年", "上年同期")
                            .replace("本年", "本期")
                            .replace("新增", "本期比上年同期增减")
                            .replace("（万元）", "")
                            .replace("（人）", "")
                            .replace("（家）", "")
                    })
                    .collect();
                let codes: Vec<X> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"
                    .chars()
                    .map(|c| t(&c.to_string()))
                    .collect();
                let mut data = vec![row(&CLUSTERS[0], 2.0)];
                data.extend(rows(1.0));
                data[1][col("id") as usize] = t("ＫＨ－４２９００６－０１");
                data[2][col("county") as usize] = X::Blank;
                data[2][col("employment_inc") as usize] = t("(735)");
                data[1][col("sales_cur") as usize] = t("2,169,058.41万元");
                data[1][col("above_scale") as usize] = t("64家");
                let mut g = grid(
                    vec![header_row(&stats), units_row(), codes],
                    data,
                    sign_off(),
                );
                let old: Vec<X> = std::iter::once(X::Blank)
                    .chain(std::iter::once(X::Blank))
                    .chain(CLUSTERS.iter().map(|c| X::Number(c.figures[3][1] * 3.0)))
                    .collect();
                // The hidden column comes before 本期上缴工商税收 (after the
                // rows added above the header: units, codes).
                let at = col("taxes_cur") as usize;
                for (i, r) in g.iter_mut().enumerate() {
                    let v = match i {
                        0 => X::Blank,
                        1 => t("本期上缴工商税收"),
                        2 => t("万元"),
                        3 => t("丑"),
                        n => old.get(n - 3).cloned().unwrap_or(X::Blank),
                    };
                    if r.len() >= at {
                        r.insert(at, v);
                    }
                }
                let mut s = Sheet::new("表二", Body::Grid(g));
                s.hidden_rows.push(4);
                s.hidden_cols.push(at as u16);
                let c = col("county");
                s.merges.push((5, c, 6, c));
                vec![Sheet::official("旧稿", rows(2.0)).hidden(), s]
            },
            read(),
        ),
    ];
    // The 申报表 of SB-429006-01.
    let form = |edit: &dyn Fn(&mut Sheet)| {
        let mut s = Sheet::new("申报表", Body::Form);
        edit(&mut s);
        vec![s]
    };
    let at = |key: &str| template::form_cell(key).unwrap_or((0, 0));
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-percent-growth",
            "growth typed as 10.5% in Excel: 0.105 stored with a percent format, read as 10.5",
            form(&|s| {
                let (r, c) = at("sales_growth");
                s.cells.push((r, c, X::Formatted(0.105, "0.0%")));
                let (r, c) = at("region_growth");
                s.cells.push((r, c, X::Formatted(0.107, "0.00%")));
            }),
            read(),
        )
    });
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-percent-text",
            "growth typed as the text 10.5% and 10.7％",
            form(&|s| {
                let (r, c) = at("sales_growth");
                s.cells.push((r, c, t("10.5%")));
                let (r, c) = at("region_growth");
                s.cells.push((r, c, t("10.7％")));
            }),
            read(),
        )
    });
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-units-in-cells",
            "annual sales typed as 19.7684亿元, employment as 5,292人, brands as 5个",
            form(&|s| {
                let (r, c) = at("annual_sales");
                s.cells.push((r, c, t("19.7684亿元")));
                let (r, c) = at("employment");
                s.cells.push((r, c, t("5,292人")));
                let (r, c) = at("brands");
                s.cells.push((r, c, t("5个")));
            }),
            read(),
        )
    });
    out
}
