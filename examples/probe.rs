use std::time::Instant;
fn main() {
    let root = std::path::Path::new("target/national/bundle");
    let (m, _) = pingshen::store::read_manifest(root).unwrap();
    let out = std::path::Path::new("target/national/bundle.tar");
    if !out.exists() {
        let t = Instant::now();
        let f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(out).unwrap());
        let mut b = tar::Builder::new(f);
        b.mode(tar::HeaderMode::Deterministic);
        for e in &m.files {
            let data = std::fs::read(root.join(&e.path)).unwrap();
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_entry_type(tar::EntryType::Regular);
            b.append_data(&mut h, &e.path, &data[..]).unwrap();
        }
        b.finish().unwrap();
        println!("wrote {:?}", t.elapsed());
    }
    let t = Instant::now();
    let f = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(out).unwrap());
    let mut a = tar::Archive::new(f);
    let mut n = 0;
    let mut bytes = 0;
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let _p = e.path().unwrap().to_string_lossy().to_string();
        let mut buf = Vec::with_capacity(e.size() as usize);
        std::io::Read::read_to_end(&mut e, &mut buf).unwrap();
        let _h = pingshen::bundle::manifest::sha256_bytes(&buf);
        n += 1;
        bytes += buf.len();
    }
    println!(
        "streamed+hashed {n} entries {bytes} bytes in {:?}",
        t.elapsed()
    );
}
