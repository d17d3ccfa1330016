//! `population`: the community ethnicity profile of each region (reference data), one file per
//! region.

use std::path::Path;

use talentpipe_contract::POPULATION;

use crate::reference::{POPULATION_GROUPS, RegionInfo};
use crate::writer::CsvFile;
use crate::{GeneratedFile, Result};

/// Census-like community ethnicity profile of the region (never dirty).
pub fn write(region: &RegionInfo, root: &Path) -> Result<GeneratedFile> {
    let name = format!("{}.csv", region.code);
    let mut out = CsvFile::create(root, &POPULATION, &name)?;
    for (group, share) in POPULATION_GROUPS.iter().zip(region.mix) {
        let count = (region.population * share / 1000).to_string();
        let mut row = out.row();
        row.set("Region Code", region.code)
            .set("Ethnic Group", group)
            .set("Population", &count);
        out.write(&row, false)?;
    }
    out.finish()
}
