//! Which sheet, which rows and columns are read: hidden and draft sheets,
//! hidden rows and columns, duplicated columns, dates, merged cells, ids.

use super::super::*;

pub(crate) fn cases() -> Vec<Case> {
    let a = 0usize;
    let b = 1usize;
    let header = || vec![header_row(&flat_header())];
    vec![
        case(
            "表二-hidden-first-sheet",
            "a hidden first sheet holds an old draft (figures ×2); the visible 表二 is read",
            vec![
                Sheet::official("旧稿", rows(2.0)).hidden(),
                Sheet::official("表二", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-named-sheet-wins",
            "a visible draft sheet 草稿 before the sheet named 表二: 表二 is read",
            vec![
                Sheet::official("草稿", rows(2.0)).title("测算稿（不报送）"),
                Sheet::official("表二", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-named-by-title",
            "Sheet1 (a draft titled 测算稿) and Sheet2 titled 表二: Sheet2 is read",
            vec![
                Sheet::official("Sheet1", rows(2.0)).title("测算稿（不报送）"),
                Sheet::official("Sheet2", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-two-candidates",
            "two visible sheets both titled 表二 with different figures: refused naming both",
            vec![
                Sheet::official("Sheet1", rows(2.0)),
                Sheet::official("Sheet2", rows(1.0)),
            ],
            Expect::Refused(vec!["several sheets hold this table: Sheet1、Sheet2"]),
        ),
        case(
            "表二-hidden-row",
            "a hidden row above the clusters holds an old copy of the first (figures ×2)",
            {
                let mut r = vec![row(&CLUSTERS[0], 2.0)];
                r.extend(rows(1.0));
                let mut s = Sheet::official("表二", r);
                s.hidden_rows.push(TABLE2_FIRST_ROW);
                vec![s]
            },
            read(),
        ),
        case(
            "表二-hidden-column",
            "a hidden older 本年销售收入 column (figures ×2) before the visible one",
            vec![{
                let mut s = flat("表二", header(), |_| {}, Vec::new());
                if let Body::Grid(g) = &mut s.body {
                    let old: Vec<X> = CLUSTERS
                        .iter()
                        .map(|c| X::Number(c.figures[0][1] * 2.0))
                        .collect();
                    insert_col(g, col("sales_cur") as usize, "本年销售收入（万元）", &old);
                }
                s.hidden_cols.push(col("sales_cur"));
                s
            }],
            read(),
        ),
        case(
            "表二-duplicate-column",
            "two visible 本年销售收入 columns: refused naming both cells",
            vec![{
                let mut s = flat("表二", header(), |_| {}, Vec::new());
                if let Body::Grid(g) = &mut s.body {
                    let old: Vec<X> = CLUSTERS
                        .iter()
                        .map(|c| X::Number(c.figures[0][1] * 2.0))
                        .collect();
                    insert_col(g, col("sales_cur") as usize, "本年销售收入（万元）", &old);
                }
                s
            }],
            Expect::Refused(vec![
                "表二!I2: two columns are both 本年销售收入（万元）: H2 and I2",
            ]),
        ),
        case(
            "表二-date-format",
            "本年就业人数 of the first cluster in a cell formatted as a date: refused by cell",
            vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "employment_cur",
                X::Formatted(47_366.0, "yyyy-mm-dd"),
            )],
            Expect::Refused(vec![
                "表二!K5: expected a number in 人, found a date-formatted 2029-09-05 (if it is a number, format the cell as a number)",
            ]),
        ),
        case(
            "表二-merged-county",
            "县（市、区） merged over both clusters' rows: both are in 天门市",
            vec![{
                let mut s = Sheet::official("表二", with(b, "county", X::Blank));
                let c = col("county");
                s.merges
                    .push((TABLE2_FIRST_ROW, c, TABLE2_FIRST_ROW + 1, c));
                s
            }],
            read(),
        ),
        case(
            "表二-full-width-id",
            "an id typed in full-width letters, digits and dashes",
            official(with(a, "id", t("ＫＨ－４２９００６－０１"))),
            read(),
        ),
    ]
}
